import type { ReportedFacts } from '../shared/domain/facts.ts';
import type { Prng } from './prng.ts';
import type { FleetProbe } from '../shared/adapters/fleet/wire.ts';
import type { CellHeartbeat, FleetState, HeartbeatMetrics, SimulatedInstance } from './simulated-types.ts';

export interface Observed {
  healthy: boolean;
  reachable: boolean;
}

const DOWN: Observed = { healthy: false, reachable: false };

/**
 * What the outside world sees of an instance at `nowMs`: a stopped instance, one in a failed zone or a flapping
 * one in its down phase is neither healthy nor reachable; a fenced old primary serves nothing.
 */
export function observe(instance: SimulatedInstance, state: FleetState, nowMs: number): Observed {
  if (!instance.running || state.failedZones.has(instance.zone)) return DOWN;
  if (instance.flap !== undefined && isFlapDown(instance.flap, nowMs)) return DOWN;
  return { healthy: instance.healthy && !instance.fenced, reachable: instance.reachable };
}

function isFlapDown(flap: { periodMs: number; sinceMs: number }, nowMs: number): boolean {
  const phase = Math.floor(Math.max(0, nowMs - flap.sinceMs) / flap.periodMs);
  return phase % 2 === 0;
}

/**
 * Health and metrics as seen right now (metrics only while reachable), plus the configuration evidence the
 * control plane knows whether or not the instance answers: TLS, last backup, last credential rotation.
 */
export function probeOf(instance: SimulatedInstance, state: FleetState, now: Date): FleetProbe {
  const seen = observe(instance, state, now.getTime());
  const probe: FleetProbe = { instanceId: instance.id, at: now.toISOString(), ...seen, role: instance.role.kind, tlsEnforced: instance.tlsEnforced };
  if (instance.lastBackupAt !== undefined) probe.lastBackupAt = instance.lastBackupAt;
  if (instance.credentialsRotatedAt !== undefined) probe.credentialsRotatedAt = instance.credentialsRotatedAt;
  if (!seen.reachable) return probe;
  probe.diskPct = instance.diskPct;
  probe.connectionsPct = instance.connectionsPct;
  if (instance.role.kind === 'replica') probe.replicationLagSeconds = instance.lagSeconds;
  return probe;
}

/**
 * One report per live cell (its zone up, its agent not silenced), listing the cell's instances that are healthy
 * and reachable, each with its metrics and, when they changed since its agent last reported them, the facts it
 * knows (the simulator's truth). A live cell whose instances are all down still reports, with an empty list:
 * that is how intake tells "the instance went silent" from "the whole cell went silent".
 */
export function heartbeatsOf(state: FleetState, now: Date, prng: Prng): CellHeartbeat[] {
  const at = now.toISOString();
  const cells = new Map<string, CellHeartbeat>();
  const running = [...state.instances.values()].filter((instance) => instance.running);
  for (const instance of running.sort((a, b) => a.id.localeCompare(b.id))) {
    if (state.silentCells.has(instance.cellId) || state.failedZones.has(instance.zone)) continue;
    const report = cells.get(instance.cellId) ?? { cellId: instance.cellId, at, instances: [] };
    cells.set(instance.cellId, report);
    const seen = observe(instance, state, now.getTime());
    if (seen.healthy && seen.reachable) report.instances.push({ id: instance.id, metrics: metricsOf(instance, prng), ...changedFacts(instance, state) });
  }
  return [...cells.values()].sort((a, b) => a.cellId.localeCompare(b.cellId));
}

/** CPU and memory wander a little between reports (seeded); disk, connections and lag are the modelled truth. */
function metricsOf(instance: SimulatedInstance, prng: Prng): HeartbeatMetrics {
  const metrics: HeartbeatMetrics = {
    cpuPct: clampPct(instance.cpuPct + prng.int(-5, 5)),
    memoryPct: clampPct(instance.memoryPct + prng.int(-2, 2)),
    diskPct: instance.diskPct,
    connectionsPct: instance.connectionsPct,
  };
  if (instance.role.kind === 'replica') metrics.replicationLagSeconds = instance.lagSeconds;
  return metrics;
}

/** The instance's facts if they changed since its agent last reported them (or it never did), as agents report. */
function changedFacts(instance: SimulatedInstance, state: FleetState): { facts?: ReportedFacts } {
  const facts = factsOf(instance);
  const json = JSON.stringify(facts);
  if (state.reportedFacts.get(instance.id) === json) return {};
  state.reportedFacts.set(instance.id, json);
  return { facts };
}

/** What the agent knows of the instance's configuration; the lag is in the metrics. */
function factsOf(instance: SimulatedInstance): ReportedFacts {
  const facts: ReportedFacts = { tls: { enforced: instance.tlsEnforced }, network: { publiclyReachable: instance.publiclyReachable } };
  if (instance.lastBackupAt !== undefined) facts.backup = { lastSuccessAt: instance.lastBackupAt };
  if (instance.credentialsRotatedAt !== undefined) facts.credentials = { rotatedAt: instance.credentialsRotatedAt };
  return facts;
}

function clampPct(value: number): number {
  return Math.min(100, Math.max(0, value));
}
