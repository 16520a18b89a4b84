/**
 * Report pages: how a steady cell report is recorded without a write of its own cell item, and nothing is lost.
 *
 * A report is *steady* when the cell's item already says everything the report would change: the same members
 * (digest), nobody to bring back (attention), no facts, no metrics snapshot due, and an item written less than
 * `refreshSeconds` before the report. The heartbeat function records the steady reports of one SQS batch together,
 * as one small page item (`cellId -> at`), and writes a cell's own item only for the other reports. The sweeper
 * reads the pages of the last `windowSeconds` beside the cell items and takes the later time, so every report
 * received is still on record and silence is judged from the last one, as before (docs/DETECTION.md).
 *
 * Pure: the heartbeat use case and the sweeper give it what they read.
 */
import { ValidationError } from './errors.ts';
import type { ThresholdsByService } from './liveness.ts';

export interface ReportPaging {
  /** A cell's own item is written at least this often while it reports (every fourth report at 30 s). */
  refreshSeconds: number;
  /** The sweeper (and a membership change) reads pages written this far back. */
  windowSeconds: number;
  /** Pages expire (DynamoDB TTL) this long after they are written; readers never rely on the expiry. */
  ttlSeconds: number;
}

/** What the heartbeat function read of a cell's item (a consistent read). */
export interface CellState {
  lastSeenAt?: string;
  digest?: string;
  attention: readonly string[];
  metricsAt?: string;
}

export interface SteadyCheck {
  /** The report's time, already taken as no later than its receipt. */
  at: string;
  /** The digest of the member ids it reports. */
  digest: string;
  ids: readonly string[];
  /** Some member carries facts (they are written to the instance when they arrive). */
  carriesFacts: boolean;
}

/**
 * - `steady`: record it in the batch's page;
 * - `out-of-order`: older than what the cell's item holds, so it changes nothing (as the conditional write would say);
 * - `write`: membership, attention, facts, a snapshot or the refresh call for the cell's own write.
 */
export type ReportKind = 'steady' | 'out-of-order' | 'write';

/**
 * @example reportKind({ lastSeenAt: '10:00:00Z', digest: 'd', attention: [] }, { at: '10:00:30Z', digest: 'd', ids: ['a'], carriesFacts: false }, ...) // 'steady'
 */
export function reportKind(cell: CellState | undefined, report: SteadyCheck, paging: Pick<ReportPaging, 'refreshSeconds'>, metricsSnapshotSeconds: number): ReportKind {
  if (cell?.lastSeenAt === undefined || cell.digest === undefined) return 'write';
  const sinceWritten = (Date.parse(report.at) - Date.parse(cell.lastSeenAt)) / 1000;
  if (sinceWritten < 0) return 'out-of-order';
  if (cell.digest !== report.digest || report.carriesFacts) return 'write';
  const reported = new Set(report.ids);
  if (cell.attention.some((id) => reported.has(id))) return 'write';
  if (cell.metricsAt === undefined || Date.parse(report.at) - Date.parse(cell.metricsAt) >= metricsSnapshotSeconds * 1000) return 'write';
  return sinceWritten < paging.refreshSeconds ? 'steady' : 'write';
}

/** The later of two ISO times (undefined counts as never). */
export function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** The latest time each cell has in a set of pages. */
export function latestByCell(pages: Iterable<Readonly<Record<string, string>>>): Map<string, string> {
  const latest = new Map<string, string>();
  for (const page of pages) {
    for (const [cellId, at] of Object.entries(page)) latest.set(cellId, later(latest.get(cellId), at) as string);
  }
  return latest;
}

/** Cells as the sweeper judges them: each one's last report is the later of its item's and its pages'. */
export function withPagedTimes<C extends { cellId: string; lastSeenAt?: string }>(cells: readonly C[], paged: ReadonlyMap<string, string>): C[] {
  return cells.map((cell) => {
    const at = later(cell.lastSeenAt, paged.get(cell.cellId));
    return at === cell.lastSeenAt || at === undefined ? cell : { ...cell, lastSeenAt: at };
  });
}

/**
 * The paging for a set of thresholds and an observer lag bound. The window covers the longest `unavailable`
 * threshold (or the refresh, if longer) plus the lag at which detection holds and a sweep period: a paged report
 * stays visible until any judgement that could depend on it has been made, and once a sweep finds a cell stale,
 * its job carries the paged time into the cell's item (shared/usecases/sweeper.ts).
 */
export function reportPaging(thresholds: ThresholdsByService, lagSeconds: number, refreshSeconds = DEFAULT_REFRESH_SECONDS): ReportPaging {
  const longest = Math.max(...Object.values(thresholds).map((t) => t.unavailableAfterSeconds));
  const shortest = Math.min(...Object.values(thresholds).map((t) => t.heartbeatIntervalSeconds));
  if (!(refreshSeconds > 0) || refreshSeconds < shortest) {
    throw new ValidationError('report paging', [`refreshSeconds must be at least the heartbeat interval (${shortest} s), got ${refreshSeconds}`]);
  }
  const windowSeconds = Math.max(longest, refreshSeconds) + lagSeconds + 60;
  return { refreshSeconds, windowSeconds, ttlSeconds: windowSeconds * 3 };
}

/** Every fourth report at the default 30 s interval writes its cell's item. */
export const DEFAULT_REFRESH_SECONDS = 120;
