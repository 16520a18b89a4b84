/** Pages that must go out once: a mass-event incident, a circuit breaker opening. */
import type { IncidentRecord } from '../../adapters/dynamo/incident-store.ts';
import { escalationRaised, type DomainEvent } from '../../domain/events.ts';
import type { Incident } from '../../domain/safety/incident.ts';
import { describeScope } from '../../domain/safety/mass-event.ts';
import type { PlannerDeps } from './deps.ts';

/**
 * Publishes `event` unless a page under `key` went out already. Published first, marked after: a crash in
 * between sends it again (same dedupeKey, which the pager deduplicates), never not at all.
 */
export async function pageOnce(deps: PlannerDeps, key: string, event: DomainEvent): Promise<boolean> {
  if (await deps.outcomes.pageSent(key)) return false;
  await deps.events.publish([event]);
  await deps.outcomes.markPageSent(key, deps.clock().toISOString());
  return true;
}

/** The one page of a mass-event incident, with its scope and numbers. */
export async function pageIncident(deps: PlannerDeps, incident: Incident | IncidentRecord, windowSeconds: number): Promise<void> {
  const { failed, population } = incident.counts;
  const where = describeScope(incident.scope);
  const summary =
    `mass event: ${failed} of ${population} instances in ${where} turned uncertain or unavailable within ${windowSeconds} s; ` +
    `replacements there are held until incident ${incident.id} is resolved or released`;
  const scope = Object.fromEntries(Object.entries(incident.scope).map(([k, v]) => [k, String(v)]));
  const event = escalationRaised(
    { kind: 'incident', severity: 'critical', summary, incidentId: incident.id, scope, failed, population, windowStart: incident.windowStart, at: incident.openedAt },
    `escalation#${incident.id}`,
  );
  await deps.events.publish([event]);
  await deps.incidents.markPaged(incident.id);
}
