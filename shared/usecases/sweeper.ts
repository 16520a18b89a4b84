/**
 * The staleness sweeper, in two halves so that one sweep scales with what is silent, not with the fleet:
 * `planSweep` (every minute) reads the small cell records and the sparse silence index and fans out one job per
 * stale cell and per chunk of silent instances; `runSweepJob` (SQS workers, in parallel) applies the transitions.
 * Silence is judged against the ingestion watermark, not the clock (shared/domain/observer/): a report still
 * waiting in the heartbeat queue is not silence, and nothing from before a gap in Fleetwarden's own running counts.
 * Every transition's cause is the silence it answers (`uncertain@<last sign of life>`), so overlapping sweeps and
 * redelivered jobs never transition twice. A cell's last report is the later of its item's and its report pages'
 * (shared/domain/report-pages.ts): a stale cell's job carries that time, and the job writes it into the item.
 */
import type { Instance, LifecycleState, Service } from '../domain/instance.ts';
import { lastSignOfLife, silenceTransitions, type ThresholdsByService } from '../domain/liveness.ts';
import type { HoldReason } from '../domain/observer/hold.ts';
import { later, withPagedTimes, type ReportPaging } from '../domain/report-pages.ts';
import { silentSeconds } from '../domain/observer/watermark.ts';
import { raiseCondition, type ConditionDeps } from './conditions.ts';
import { observeDetection, type DetectionDeps } from './detection.ts';
import type { CellRecord, SilentMember, SweepLivenessPort } from './detection/ports.ts';
import { changeState } from './ledger.ts';

export interface SweepDeps extends ConditionDeps {
  liveness: SweepLivenessPort;
  thresholds: ThresholdsByService;
  /** Heartbeat intake pages steady reports: read the pages beside the cell items. */
  paging?: ReportPaging;
}

/** Planning also judges the observer (shared/usecases/detection.ts). */
export type PlanSweepDeps = SweepDeps & DetectionDeps;

/**
 * What a job judges against, fixed when the sweep is planned: the watermark (`judgeAt`), the end of the latest
 * observer gap, and the services whose whole-cell silence is held as implausible. A job without `judgeAt` (planned
 * before watermarks existed) judges nothing; the next sweep plans it again.
 */
interface Judgement {
  judgeAt?: string;
  gapEndedAt?: string;
}

/** A job names the members to judge, with what the index knew of them when the sweep was planned. */
export type SweepJob =
  | ({ kind: 'cell'; cellId: string; heldServices?: Service[]; lastSeenAt?: string } & Judgement)
  | ({ kind: 'silent'; members: SilentMember[] } & Judgement);

export interface SweepPlan {
  jobs: SweepJob[];
  cells: number;
  staleCells: number;
  silentInstances: number;
  /** The ingestion watermark silence was judged against, how far it trails the clock, and why detection holds. */
  watermark?: string;
  lagSeconds?: number;
  held: HoldReason[];
}

const SILENT_CHUNK = 50;

export async function planSweep(deps: PlanSweepDeps, now: Date): Promise<SweepPlan> {
  const earliest = Math.min(...Object.values(deps.thresholds).map((t) => t.uncertainAfterSeconds));
  const cells = await cellsAsReported(deps, now);
  const detection = await observeDetection(deps, cells, now, earliest);
  const { watermark, gapEndedAt, heldServices } = detection;
  const summary = { cells: cells.length, watermark, lagSeconds: detection.lagSeconds, held: detection.reasons };
  if (watermark === undefined) return { ...summary, jobs: [], staleCells: 0, silentInstances: 0 };
  const cutoff = new Date(Date.parse(watermark) - earliest * 1000).toISOString();
  const silent = await deps.liveness.silentSince(cutoff);
  const judgement: Judgement = gapEndedAt === undefined ? { judgeAt: watermark } : { judgeAt: watermark, gapEndedAt };
  const stale = cells.filter((cell) => cell.lastSeenAt !== undefined && silentSeconds(cell.lastSeenAt, watermark, gapEndedAt) >= earliest);
  const jobs: SweepJob[] = stale.map((cell) => ({
    kind: 'cell',
    cellId: cell.cellId,
    ...(cell.lastSeenAt === undefined ? {} : { lastSeenAt: cell.lastSeenAt }),
    ...judgement,
    ...(heldServices.length > 0 ? { heldServices } : {}),
  }));
  for (let i = 0; i < silent.length; i += SILENT_CHUNK) {
    jobs.push({ kind: 'silent', members: silent.slice(i, i + SILENT_CHUNK), ...judgement });
  }
  return { ...summary, jobs, staleCells: stale.length, silentInstances: silent.length };
}

/** The cell records, each with its last report: the later of its item's and the pages' of the paging window. */
async function cellsAsReported(deps: SweepDeps, now: Date): Promise<CellRecord[]> {
  const paging = deps.paging;
  if (paging === undefined) return deps.liveness.cells();
  const [cells, paged] = await Promise.all([deps.liveness.cells(), deps.liveness.pagedSince(new Date(now.getTime() - paging.windowSeconds * 1000), now)]);
  return withPagedTimes(cells, paged);
}

export interface SweepResult {
  transitions: { instanceId: string; to: LifecycleState }[];
}

const SWEEPER = { kind: 'schedule', id: 'staleness-sweeper' } as const;

export async function runSweepJob(deps: SweepDeps, job: SweepJob, now: Date): Promise<SweepResult> {
  const result: SweepResult = { transitions: [] };
  const judgeAt = job.judgeAt;
  if (judgeAt === undefined) return result;
  const held = new Set(job.kind === 'cell' ? (job.heldServices ?? []) : []);
  // A stale cell's last report, carried into its item first, even when its services are held.
  const staleCellSeen = job.kind === 'cell' ? await lastReportOfStaleCell(deps, job, judgeAt, now) : undefined;
  const members = (job.kind === 'cell' ? await deps.liveness.members(job.cellId) : job.members).filter((m) => !held.has(m.service));
  const byCell = new Map<string, SilentMember[]>();
  for (const m of members) byCell.set(m.cellId, [...(byCell.get(m.cellId) ?? []), m]);
  for (const [cellId, cellMembers] of byCell) {
    const cellLastSeen = job.kind === 'cell' ? staleCellSeen : (await deps.liveness.cell(cellId))?.lastSeenAt;
    const touched: string[] = [];
    for (const member of cellMembers) {
      // Judge from the index first: most members of a live cell need no read at all.
      const last = lastSignOfLife(member, cellLastSeen);
      if (last === undefined) continue;
      const seconds = silentSeconds(last, judgeAt, job.gapEndedAt);
      if (silenceTransitions(member.state, seconds, deps.thresholds[member.service]).length === 0) continue;
      const moved = await sweepInstance(deps, member.id, { last, seconds, cellLastSeen }, now);
      if (moved.length > 0) touched.push(member.id);
      result.transitions.push(...moved.map((to) => ({ instanceId: member.id, to })));
    }
    if (touched.length > 0) await deps.liveness.updateCell(cellId, { addAttention: touched });
  }
  return result;
}

/**
 * A stale cell's last report: the later of its item's, the one its job carries (found in a page when the sweep was
 * planned) and one paged since (pages written since the watermark the sweep judged at: a report the job must see,
 * as it would see one written to the item, so that a heartbeat racing the sweep wins). A paged time is written
 * into the item: the judgement, and the last sign of life it records, no longer depend on the page, which expires.
 */
async function lastReportOfStaleCell(deps: SweepDeps, job: SweepJob & { kind: 'cell' }, judgeAt: string, now: Date): Promise<string | undefined> {
  const stored = (await deps.liveness.cell(job.cellId))?.lastSeenAt;
  const since = deps.paging === undefined ? undefined : new Date(Math.max(Date.parse(judgeAt), now.getTime() - deps.paging.windowSeconds * 1000));
  const paged = later(job.lastSeenAt, since === undefined ? undefined : await deps.liveness.lastPagedReport(job.cellId, since, now));
  const last = later(stored, paged);
  if (paged !== undefined && last !== stored) await deps.liveness.carryLastSeen(job.cellId, paged);
  return last;
}

/**
 * Walks one instance through what its silence calls for. Each write re-decides on the instance as read: if a
 * heartbeat moved its last sign of life since the sweep was planned, nothing is written.
 */
async function sweepInstance(
  deps: SweepDeps,
  id: string,
  silence: { last: string; seconds: number; cellLastSeen: string | undefined },
  now: Date,
): Promise<LifecycleState[]> {
  const moved: LifecycleState[] = [];
  const { last, seconds, cellLastSeen } = silence;
  for (const target of ['uncertain', 'unavailable'] as const) {
    const out = await changeState(deps, id, { kind: 'silence', id: `${target}@${last}` }, (instance: Instance) => {
      if (lastSignOfLife(instance, cellLastSeen) !== last) return undefined;
      const steps = silenceTransitions(instance.state, seconds, deps.thresholds[instance.service]);
      if (steps[0] !== target) return undefined;
      return { to: target, actor: SWEEPER, reason: `no heartbeat for ${seconds}s of processed reports (last sign of life ${last})` };
    });
    if (out.outcome === 'unchanged') continue;
    if (out.outcome === 'applied') moved.push(target);
    if (target === 'unavailable') {
      await raiseCondition(deps, out.instance, 'down', { raisedAt: now.toISOString(), source: 'sweeper', evidence: `no heartbeat since ${last}` });
    }
  }
  return moved;
}
