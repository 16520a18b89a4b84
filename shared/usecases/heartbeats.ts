/**
 * Heartbeat intake. A cell report whose cell's item already says everything it would change (a steady report) is
 * recorded with the other steady reports of its SQS batch, in one small page item (shared/domain/report-pages.ts);
 * any other report is one small conditional write of its cell's item, and every fourth or so report of a steady
 * cell refreshes that item. Instance items are touched only when something changed (a member went missing, came
 * back, or needs to leave uncertain) and once per snapshot interval, when each instance's metrics and facts are written.
 */
import { createHash } from 'node:crypto';
import { reportedObservation } from '../domain/facts.ts';
import { HEARTBEATING_STATES } from '../domain/lifecycle.ts';
import { keepsSilenceMark, recoversOnHeartbeat } from '../domain/liveness.ts';
import { later, reportKind, type ReportPaging } from '../domain/report-pages.ts';
import type { CellReport } from '../schemas/heartbeats.ts';
import { clearCondition, type ConditionDeps } from './conditions.ts';
import type { HeartbeatLivenessPort } from './detection/ports.ts';
import { changeState } from './ledger.ts';
import { mapLimit } from '../lib/map-limit.ts';

export interface HeartbeatDeps extends ConditionDeps {
  liveness: HeartbeatLivenessPort;
  /** How often a cell's metrics and facts are written to its instances (audits read them). */
  metricsSnapshotSeconds: number;
  /** How steady reports are paged; without it every report writes its cell's item (the path before pages). */
  paging?: ReportPaging;
}

export interface HeartbeatOutcome {
  outcome: 'recorded' | 'out-of-order';
  cellId: string;
  /** Recorded in its batch's page rather than in its cell's item. */
  paged?: boolean;
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
    const missing = members.filter((m) => !reported.has(m.id) && m.silentSince === undefined && HEARTBEATING_STATES.has(m.state));
    for (const member of members) if (reported.has(member.id) && member.silentSince !== undefined) toRecover.add(member.id);
    // Missing since the previous report, which may have been paged: a later time than the item's.
    const since = missing.length === 0 ? report.at : ((await previousReportAt(deps, report, before.lastSeenAt)) ?? report.at);
    for (const member of missing) {
      if (await deps.liveness.markSilent(member.id, since)) outcome.wentMissing.push(member.id);
    }
  }
  for (const id of [...toRecover]) {
    const recovery = await recoverInstance(deps, id, `${report.cellId}@${report.at}`);
    if (recovery === 'recovered') outcome.recovered.push(id);
    // Kept marks stay in the cell's attention too, for the report after the action ends.
    if (recovery === 'kept') toRecover.delete(id);
  }
  // Steady state (same members, nobody to recover, no snapshot due) writes nothing more.
  const snapshot = await snapshotInstances(deps, report, before.metricsAt);
  if (digest !== before.digest || toRecover.size > 0 || snapshot.metricsAt !== undefined) {
    await deps.liveness.updateCell(report.cellId, { digest, removeAttention: [...toRecover], ...snapshot });
  }
  return outcome;
}

/**
 * The cell's report before `report`: its item's time, or a later paged one. Pages written since the item's time
 * hold every paged report after it (a page is written after the report it holds), within the paging window.
 */
async function previousReportAt(deps: HeartbeatDeps, report: CellReport, itemAt: string | undefined): Promise<string | undefined> {
  if (deps.paging === undefined || itemAt === undefined) return itemAt;
  const now = deps.clock();
  const since = new Date(Math.max(Date.parse(itemAt), now.getTime() - deps.paging.windowSeconds * 1000));
  return later(itemAt, await deps.liveness.lastPagedReport(report.cellId, since, now, report.at));
}

/**
 * The steady reports of one batch, recorded together: one consistent read of the batch's cell items (one read
 * unit each), then one page item for every steady report (one write unit for ten). Returns the outcome of each
 * report it recorded, by its index; a report it did not (changed, due a refresh, or `undefined`: unreadable) is
 * for recordCellReport. Without `deps.paging` it records none. A batch delivered again writes its page again:
 * the same times, so the sweeper's reading is the same.
 */
export async function pageSteadyReports(deps: HeartbeatDeps, received: readonly (CellReport | undefined)[]): Promise<Map<number, HeartbeatOutcome>> {
  const paged = new Map<number, HeartbeatOutcome>();
  const paging = deps.paging;
  const now = deps.clock();
  const reports = received.map((r) => (r === undefined ? undefined : { ...r, at: notAfterNow(r.at, now) }));
  const cellIds = reports.flatMap((r) => (r === undefined ? [] : [r.cellId]));
  if (paging === undefined || cellIds.length === 0) return paged;
  const cells = await deps.liveness.cellsById(cellIds);
  const entries: Record<string, string> = {};
  reports.forEach((report, index) => {
    if (report === undefined) return;
    const ids = report.instances.map((i) => i.id);
    const check = { at: report.at, digest: membershipDigest(ids), ids, carriesFacts: report.instances.some((i) => i.facts !== undefined) };
    const kind = reportKind(cells.get(report.cellId), check, paging, deps.metricsSnapshotSeconds);
    if (kind === 'write') return;
    paged.set(index, { outcome: kind === 'steady' ? 'recorded' : 'out-of-order', cellId: report.cellId, paged: kind === 'steady', recovered: [], wentMissing: [], unknown: [] });
    if (kind === 'steady') entries[report.cellId] = later(entries[report.cellId], report.at) as string;
  });
  if (Object.keys(entries).length > 0) {
    const id = createHash('sha1').update(JSON.stringify(Object.entries(entries).sort())).digest('base64url');
    await deps.liveness.writePage({ id, writtenAt: now.toISOString(), cells: entries, expiresAt: Math.ceil(now.getTime() / 1000) + paging.ttlSeconds });
  }
  return paged;
}

/** A batch as the heartbeat function records it, for callers outside Lambda (the benchmarks, the local fleet): steady reports paged, the others `inFlight` at a time. */
export async function recordCellReports(deps: HeartbeatDeps, reports: readonly CellReport[], inFlight: number): Promise<HeartbeatOutcome[]> {
  const paged = await pageSteadyReports(deps, reports);
  return mapLimit(reports, inFlight, async (report, index) => paged.get(index) ?? recordCellReport(deps, report));
}

/** A single-instance heartbeat (EventBridge), for fleets without cell agents. */
export async function recordInstanceHeartbeat(deps: HeartbeatDeps, instanceId: string, sentAt: string): Promise<HeartbeatOutcome> {
  const at = notAfterNow(sentAt, deps.clock());
  const state = await deps.liveness.recordInstanceHeartbeat(instanceId, at);
  const outcome: HeartbeatOutcome = { outcome: 'recorded', cellId: '', recovered: [], wentMissing: [], unknown: [] };
  if (state === undefined) return { ...outcome, unknown: [instanceId] };
  if (recoversOnHeartbeat({ state }) && (await recoverInstance(deps, instanceId, `${instanceId}@${at}`)) === 'recovered') outcome.recovered.push(instanceId);
  return outcome;
}

/**
 * uncertain/unavailable -> available, and the silence marker and the sweeper's `down` are cleared. An instance
 * remediation is acting on keeps its marks, the silence marker and its place in the cell's attention
 * (keepsSilenceMark: `kept`): if the action fails, a later report still recovers it.
 */
async function recoverInstance(deps: HeartbeatDeps, instanceId: string, heartbeatId: string): Promise<'recovered' | 'kept' | 'cleared'> {
  const result = await changeState(deps, instanceId, { kind: 'heartbeat', id: heartbeatId }, (instance) =>
    recoversOnHeartbeat(instance) ? { to: 'available', reason: 'heartbeats resumed', actor: HEARTBEAT } : undefined,
  );
  if (keepsSilenceMark(result.instance)) return 'kept';
  await deps.liveness.clearSilent(instanceId);
  if (result.outcome === 'unchanged') return 'cleared';
  await clearCondition(deps, result.instance, 'down', 'heartbeat-intake', 'sweeper');
  return result.outcome === 'applied' ? 'recovered' : 'cleared';
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
