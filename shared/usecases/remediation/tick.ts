/**
 * The planner's tick (every minute): sends again every task the agenda says is due (a not-before time that
 * has come, a message that was lost, a run that died), as many tasks waiting for budget as there are free
 * slots, and every held task whose freeze or incident has ended; then looks for mass events, resolves recovered incidents and sends pages still owed.
 * It also plans afresh, once, the conditions that dry run left standing when dry run is no longer in force.
 *
 * EventBridge delivers `ConditionRaised` to the planner one event per invocation, so that is planned and sent one
 * task at a time; the tick is where work is sent in batches.
 */
import { entriesToWake } from '../../domain/remediation/agenda.ts';
import { budgetRoom } from '../../domain/remediation/fleet-size.ts';
import { planAfterDryRun } from './after-dry-run.ts';
import type { PlannerDeps } from './deps.ts';
import { detectMassEvents, resolveRecovered } from './mass-events.ts';
import { pageIncident } from './pages.ts';

export interface TickResult {
  agenda: number;
  sent: number;
  incidentsOpened: number;
  incidentsResolved: number;
  /** Conditions dry run had left standing, planned afresh now that it is off. */
  replanned: number;
}

export async function runPlannerTick(deps: PlannerDeps): Promise<TickResult> {
  const now = deps.clock();
  const [entries, freezes, incidents, inFlight, sizes] = await Promise.all([
    deps.tasks.agenda(),
    deps.freezes.list(),
    deps.incidents.list(),
    deps.tasks.allInFlight(),
    deps.sizes.scopes(),
  ]);
  const t = now.getTime();
  const holds = {
    freezes: new Set(freezes.filter((f) => Date.parse(f.createdAt) <= t && t < Date.parse(f.expiresAt)).map((f) => f.id)),
    incidents: new Set(incidents.filter((i) => i.status === 'open').map((i) => i.id)),
  };
  const room = budgetRoom(inFlight, sizes, deps.settings.safety.budget);
  const wake = entriesToWake(entries, holds, room, deps.settings.timings, now).map((entry) => entry.taskId);
  if (wake.length > 0) {
    await deps.queue.send(wake.map((taskId) => ({ taskId })));
    await deps.tasks.markSent(wake, now.toISOString());
  }
  // An incident opened by a run that died before paging is paged here.
  for (const incident of incidents.filter((i) => !i.paged && i.status === 'open')) {
    await pageIncident(deps, incident, deps.settings.safety.massEvent.windowSeconds);
  }
  const incidentsOpened = await detectMassEvents(deps, now);
  const incidentsResolved = await resolveRecovered(deps, incidents, now);
  const replanned = await planAfterDryRun(deps);
  return { agenda: entries.length, sent: wake.length, incidentsOpened, incidentsResolved, replanned };
}
