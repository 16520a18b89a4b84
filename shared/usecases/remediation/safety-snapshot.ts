/** What safety decides on, read just before a fleet action: freezes, incidents, the breaker's samples, budgets. */
import type { SafetySnapshot } from '../../domain/safety/decide.ts';
import type { PlannerDeps } from './deps.ts';
import type { FreezeRecord, StoredTask } from './ports.ts';

export interface Snapshot extends SafetySnapshot {
  freezes: FreezeRecord[];
}

export async function safetySnapshot(deps: PlannerDeps, stored: StoredTask, now: Date): Promise<Snapshot> {
  const { service, zone } = stored.placement;
  // Two windows: the breaker's state needs the last one, when its opening began the one before.
  const since = new Date(now.getTime() - 2 * deps.settings.safety.breaker.windowSeconds * 1000).toISOString();
  const [freezes, incidents, playbookOutcomes, inFlight, fleetSize] = await Promise.all([
    deps.freezes.list(),
    deps.incidents.list(),
    deps.outcomes.since(stored.task.playbook, since),
    deps.tasks.inFlight(service, zone),
    deps.sizes.scopes(),
  ]);
  return {
    freezes,
    incidents: incidents.filter((incident) => incident.status !== 'resolved'),
    playbookOutcomes,
    inFlight: { fleet: inFlight.fleet, service: { [service]: inFlight.service }, zone: { [zone]: inFlight.zone } },
    fleetSize,
  };
}
