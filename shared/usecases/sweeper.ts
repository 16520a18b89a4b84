/**
 * The staleness sweeper, in two halves so that one sweep scales with what is silent, not with the fleet:
 * `planSweep` (every minute) reads the small cell records and the sparse silence index and fans out one job per
 * stale cell and per chunk of silent instances; `runSweepJob` (SQS workers, in parallel) applies the transitions.
 * Every transition's cause is the silence it answers (`uncertain@<last sign of life>`), so overlapping sweeps and
 * redelivered jobs never transition twice.
 */
import type { LivenessStore, SilentMember } from '../adapters/dynamo/liveness-store.ts';
import type { Instance, LifecycleState } from '../domain/instance.ts';
import { lastSignOfLife, silenceTransitions, type ThresholdsByService } from '../domain/liveness.ts';
import { raiseCondition, type ConditionDeps } from './conditions.ts';
import { changeState } from './ledger.ts';

export interface SweepDeps extends ConditionDeps {
  liveness: LivenessStore;
  thresholds: ThresholdsByService;
}

/** A job names the members to judge, with what the index knew of them when the sweep was planned. */
export type SweepJob = { kind: 'cell'; cellId: string } | { kind: 'silent'; members: SilentMember[] };

export interface SweepPlan {
  jobs: SweepJob[];
  cells: number;
  staleCells: number;
  silentInstances: number;
}

const SWEEPER = { kind: 'schedule', id: 'staleness-sweeper' } as const;
const SILENT_CHUNK = 50;

export async function planSweep(deps: SweepDeps, now: Date): Promise<SweepPlan> {
  const earliest = Math.min(...Object.values(deps.thresholds).map((t) => t.uncertainAfterSeconds));
  const cutoff = new Date(now.getTime() - earliest * 1000).toISOString();
  const [cells, silent] = await Promise.all([deps.liveness.cells(), deps.liveness.silentSince(cutoff)]);
  const stale = cells.filter((cell) => cell.lastSeenAt !== undefined && cell.lastSeenAt <= cutoff);
  const jobs: SweepJob[] = stale.map((cell) => ({ kind: 'cell', cellId: cell.cellId }));
  for (let i = 0; i < silent.length; i += SILENT_CHUNK) {
    jobs.push({ kind: 'silent', members: silent.slice(i, i + SILENT_CHUNK) });
  }
  return { jobs, cells: cells.length, staleCells: stale.length, silentInstances: silent.length };
}

export interface SweepResult {
  transitions: { instanceId: string; to: LifecycleState }[];
}

export async function runSweepJob(deps: SweepDeps, job: SweepJob, now: Date): Promise<SweepResult> {
  const result: SweepResult = { transitions: [] };
  const members = job.kind === 'cell' ? await deps.liveness.members(job.cellId) : job.members;
  const byCell = new Map<string, SilentMember[]>();
  for (const m of members) byCell.set(m.cellId, [...(byCell.get(m.cellId) ?? []), m]);
  for (const [cellId, cellMembers] of byCell) {
    const cellLastSeen = (await deps.liveness.cell(cellId))?.lastSeenAt;
    const touched: string[] = [];
    for (const member of cellMembers) {
      // Judge from the index first: most members of a live cell need no read at all.
      const last = lastSignOfLife(member, cellLastSeen);
      if (last === undefined) continue;
      const seconds = Math.floor((now.getTime() - Date.parse(last)) / 1000);
      if (silenceTransitions(member.state, seconds, deps.thresholds[member.service]).length === 0) continue;
      const moved = await sweepInstance(deps, member.id, last, cellLastSeen, now);
      if (moved.length > 0) touched.push(member.id);
      result.transitions.push(...moved.map((to) => ({ instanceId: member.id, to })));
    }
    if (touched.length > 0) await deps.liveness.updateCell(cellId, { addAttention: touched });
  }
  return result;
}

/**
 * Walks one instance through what its silence calls for. Each write re-decides on the instance as read: if a
 * heartbeat moved its last sign of life since the sweep was planned, nothing is written.
 */
async function sweepInstance(deps: SweepDeps, id: string, last: string, cellLastSeen: string | undefined, now: Date): Promise<LifecycleState[]> {
  const moved: LifecycleState[] = [];
  const seconds = Math.floor((now.getTime() - Date.parse(last)) / 1000);
  for (const target of ['uncertain', 'unavailable'] as const) {
    const out = await changeState(deps, id, { kind: 'silence', id: `${target}@${last}` }, (instance: Instance) => {
      if (lastSignOfLife(instance, cellLastSeen) !== last) return undefined;
      const steps = silenceTransitions(instance.state, seconds, deps.thresholds[instance.service]);
      if (steps[0] !== target) return undefined;
      return { to: target, actor: SWEEPER, reason: `no heartbeat for ${seconds}s (last sign of life ${last})` };
    });
    if (out.outcome === 'unchanged') continue;
    if (out.outcome === 'applied') moved.push(target);
    if (target === 'unavailable') {
      await raiseCondition(deps, out.instance, 'down', { raisedAt: now.toISOString(), source: 'sweeper', evidence: `no heartbeat since ${last}` });
    }
  }
  return moved;
}
