import type { Service } from '../instance.ts';
import type { RunSummary } from '../compliance/types.ts';

export type RunTrigger = 'schedule' | 'engineer';
export type RunStatus = 'running' | 'completed';

/** One audit run over the whole fleet, split into `totalSegments` scan segments that shards audit. */
export interface AuditRun {
  runId: string;
  status: RunStatus;
  trigger: RunTrigger;
  /** The schedule rule or the engineer that started it. */
  requestedBy: string;
  /** Also the audit's clock: every shard judges instances as of this instant, so a retry judges alike. */
  startedAt: string;
  totalSegments: number;
  completedShards: number;
  finishedAt?: string;
  /** Set when the last shard is done. */
  summary?: RunSummary;
  totals?: RunTotals;
}

export interface RunTotals {
  /** Instance records read, in any state. */
  scanned: number;
  /** Conditions this run raised that were not raised before. */
  conditionsRaised: number;
  /** Findings the run left to an advisory's roll instead of raising a condition. */
  leftToRolls: number;
}

/** What one segment found; recorded once per run and segment, whatever the number of deliveries. */
export interface ShardResult extends RunTotals {
  runId: string;
  segment: number;
  audited: Partial<Record<Service, number>>;
  /** The segment's own summary; the run's is the merge of all of them. */
  summary: RunSummary;
  recordedAt: string;
}

/** One message on the audit queue: audit this segment of this run. */
export interface SegmentJob {
  runId: string;
  segment: number;
  totalSegments: number;
}

export const RUN_ID_PATTERN = /^run-\d{8}-\d{6}-[0-9a-f]{6}$/;

/**
 * A run id that sorts by start time and is the same for every delivery of the same cause (a scheduled
 * event's id, an operator request id), so that a retried start does not start a second run.
 *
 * @example newRunId(new Date('2026-03-08T03:00:00Z'), 'evt-1') // 'run-20260308-030000-1c4b6a'
 */
export function newRunId(at: Date, causeId: string): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${fnv1a(causeId).toString(16).padStart(8, '0').slice(0, 6)}`;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The segments of a run, as the messages that fan it out. */
export function segmentJobs(runId: string, totalSegments: number): SegmentJob[] {
  return Array.from({ length: totalSegments }, (_, segment) => ({ runId, segment, totalSegments }));
}

/** Sums the shards' totals; a run's totals are known once every shard is recorded. */
export function addTotals(shards: readonly RunTotals[]): RunTotals {
  return shards.reduce(
    (sum, s) => ({
      scanned: sum.scanned + s.scanned,
      conditionsRaised: sum.conditionsRaised + s.conditionsRaised,
      leftToRolls: sum.leftToRolls + s.leftToRolls,
    }),
    { scanned: 0, conditionsRaised: 0, leftToRolls: 0 },
  );
}
