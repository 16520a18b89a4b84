/**
 * The planner's tick (every minute): sends again every task the agenda says is due (a not-before time that
 * has come, a message that was lost, a run that died), as many tasks waiting for budget as there are free
 * slots, and every held task whose freeze or incident has ended; then looks for mass events, resolves recovered incidents and sends pages still owed.
 */
import { entriesToWake } from '../../domain/remediation/agenda.ts';
import { budgetRoom } from '../../domain/remediation/fleet-size.ts';
import type { PlannerDeps } from './deps.ts';
import { detectMassEvents, resolveRecovered } from './mass-events.ts';
import { pageIncident } from './pages.ts';

export interface TickResult {
  agenda: number;
  sent: number;
  incidentsOpened: number;
  incidentsResolved: number;
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
  return { agenda: entries.length, sent: wake.length, incidentsOpened, incidentsResolved };
}
