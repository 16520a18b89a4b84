/**
 * Heartbeat intake. One cell report costs one small conditional write in the steady state; instance items are
 * touched only when something changed (a member went missing, came back, or needs to leave uncertain) and once
 * per snapshot interval, when each instance's metrics and facts are written.
 */
import { createHash } from 'node:crypto';
import { reportedObservation } from '../domain/facts.ts';
import { HEARTBEATING_STATES } from '../domain/lifecycle.ts';
import { recoversOnHeartbeat } from '../domain/liveness.ts';
import type { CellReport } from '../schemas/heartbeats.ts';
import { clearCondition, type ConditionDeps } from './conditions.ts';
import type { HeartbeatLivenessPort } from './detection/ports.ts';
import { changeState } from './ledger.ts';
import { mapLimit } from '../lib/map-limit.ts';

export interface HeartbeatDeps extends ConditionDeps {
  liveness: HeartbeatLivenessPort;
  /** How often a cell's metrics and facts are written to its instances (audits read them). */
  metricsSnapshotSeconds: number;
}

export interface HeartbeatOutcome {
  outcome: 'recorded' | 'out-of-order';
  cellId: string;
  recovered: string[];
  wentMissing: string[];
  unknown: string[];
}

const HEARTBEAT = { kind: 'system', id: 'heartbeat-intake' } as const;

export function membershipDigest(ids: Iterable<string>): string {
  return createHash('sha1').update([...ids].sort().join('\n')).digest('base64url');
}

/**
 * An agent whose clock runs ahead must not make its cell look alive in the future (later, honest reports would
 * then be dropped as out of order): a report is never taken as later than its receipt.
 */
function notAfterNow(at: string, now: Date): string {
  return Date.parse(at) > now.getTime() ? now.toISOString() : new Date(Date.parse(at)).toISOString();
}

export async function recordCellReport(deps: HeartbeatDeps, received: CellReport): Promise<HeartbeatOutcome> {
  const report = { ...received, at: notAfterNow(received.at, deps.clock()) };
  const before = await deps.liveness.recordCellReport(report.cellId, report.at);
  const outcome: HeartbeatOutcome = { outcome: 'recorded', cellId: report.cellId, recovered: [], wentMissing: [], unknown: [] };
  if (before === undefined) return { ...outcome, outcome: 'out-of-order' };
  const reported = new Set(report.instances.map((i) => i.id));
  const digest = membershipDigest(reported);
  const toRecover = new Set(before.attention.filter((id) => reported.has(id)));
  if (digest !== before.digest) {
    // Membership changed since the last report: find who went missing and who came back.
    const members = await deps.liveness.members(report.cellId);
    const known = new Set(members.map((m) => m.id));
    outcome.unknown = [...reported].filter((id) => !known.has(id));
    for (const member of members) {
      if (reported.has(member.id) && member.silentSince !== undefined) toRecover.add(member.id);
      if (!reported.has(member.id) && member.silentSince === undefined && HEARTBEATING_STATES.has(member.state)) {
        if (await deps.liveness.markSilent(member.id, before.lastSeenAt ?? report.at)) outcome.wentMissing.push(member.id);
      }
    }
  }
  for (const id of toRecover) {
    if (await recoverInstance(deps, id, `${report.cellId}@${report.at}`)) outcome.recovered.push(id);
  }
  // Steady state (same members, nobody to recover, no snapshot due) writes nothing more.
  const snapshot = await snapshotInstances(deps, report, before.metricsAt);
  if (digest !== before.digest || toRecover.size > 0 || snapshot.metricsAt !== undefined) {
    await deps.liveness.updateCell(report.cellId, { digest, removeAttention: [...toRecover], ...snapshot });
  }
  return outcome;
}

/** A single-instance heartbeat (EventBridge), for fleets without cell agents. */
export async function recordInstanceHeartbeat(deps: HeartbeatDeps, instanceId: string, sentAt: string): Promise<HeartbeatOutcome> {
  const at = notAfterNow(sentAt, deps.clock());
  const state = await deps.liveness.recordInstanceHeartbeat(instanceId, at);
  const outcome: HeartbeatOutcome = { outcome: 'recorded', cellId: '', recovered: [], wentMissing: [], unknown: [] };
  if (state === undefined) return { ...outcome, unknown: [instanceId] };
  if (recoversOnHeartbeat({ state }) && (await recoverInstance(deps, instanceId, `${instanceId}@${at}`))) outcome.recovered.push(instanceId);
  return outcome;
}

/** uncertain/unavailable -> available, and the silence marker and the sweeper's `down` are cleared. */
async function recoverInstance(deps: HeartbeatDeps, instanceId: string, heartbeatId: string): Promise<boolean> {
  const result = await changeState(deps, instanceId, { kind: 'heartbeat', id: heartbeatId }, (instance) =>
    recoversOnHeartbeat(instance) ? { to: 'available', reason: 'heartbeats resumed', actor: HEARTBEAT } : undefined,
  );
  await deps.liveness.clearSilent(instanceId);
  if (result.outcome === 'unchanged') return false;
  await clearCondition(deps, result.instance, 'down', 'heartbeat-intake', 'sweeper');
  return result.outcome === 'applied';
}

/**
 * Facts are written when they arrive: agents send an instance's facts when they change (a backup completed, TLS
 * turned on) and when the agent starts, not with every heartbeat, so a new backup reaches the ledger within one
 * interval. Metrics are written once per `metricsSnapshotSeconds` per cell. Either way it is one write per instance
 * (shared/domain/facts.ts says what an entry changes).
 */
async function snapshotInstances(deps: HeartbeatDeps, report: CellReport, lastAt: string | undefined): Promise<{ metricsAt?: string }> {
  const due = lastAt === undefined || Date.parse(report.at) - Date.parse(lastAt) >= deps.metricsSnapshotSeconds * 1000;
  // Each write is one instance's own item: a cell's hundred are written side by side, not one after another.
  await mapLimit(report.instances, SNAPSHOT_WRITES_IN_FLIGHT, async (entry) => {
    const written = due ? entry : entry.facts === undefined ? undefined : { id: entry.id, facts: entry.facts };
    const observation = written === undefined ? undefined : reportedObservation(written, report.at);
    if (observation !== undefined) await deps.liveness.recordObservation(entry.id, observation);
  });
  return due ? { metricsAt: report.at } : {};
}

/** Snapshot writes of one report in flight at once: a cell's writes take a few round trips, not one per instance. */
const SNAPSHOT_WRITES_IN_FLIGHT = 8;
