/** Pages that must go out once: a mass-event incident, a circuit breaker opening. */
import { escalationRaised, type DomainEvent } from '../../domain/events.ts';
import { after } from '../../domain/remediation/agenda.ts';
import type { Incident } from '../../domain/safety/incident.ts';
import { describeScope } from '../../domain/safety/mass-event.ts';
import type { PlannerDeps } from './deps.ts';
import type { IncidentRecord } from './ports.ts';

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

/** A run that claimed an incident's page and has not marked it sent after this long died before sending it. */
const PAGE_CLAIM_SECONDS = 300;

/**
 * The one page of a mass-event incident, with its scope and numbers. The detection that opened the incident and
 * the tick (which pages incidents whose opener died) may both try: a conditional claim on the incident lets
 * one of them send it. Claimed, published, marked: a crash after the claim sends it again once the claim is stale.
 */
export async function pageIncident(
  deps: PlannerDeps,
  incident: Incident | IncidentRecord,
  windowSeconds: number,
  foldedIn: readonly Incident[] = [],
): Promise<boolean> {
  const now = deps.clock();
  if (!(await deps.incidents.claimPage(incident.id, now.toISOString(), after(now, -PAGE_CLAIM_SECONDS)))) return false;
  const { failed, population } = incident.counts;
  const where = describeScope(incident.scope);
  const summary =
    `mass event: ${failed} of ${population} instances in ${where} turned uncertain or unavailable within ${windowSeconds} s; ` +
    `replacements there are held until incident ${incident.id} is resolved or released` +
    (foldedIn.length === 0 ? '' : `; the same outage also opened ${foldedIn.map((i) => `${describeScope(i.scope)} (${i.counts.failed} of ${i.counts.population}, ${i.id})`).join(', ')}`);
  const scope = Object.fromEntries(Object.entries(incident.scope).map(([k, v]) => [k, String(v)]));
  const event = escalationRaised(
    { kind: 'incident', severity: 'critical', summary, incidentId: incident.id, scope, failed, population, windowStart: incident.windowStart, at: incident.openedAt },
    `escalation#${incident.id}`,
  );
  await deps.events.publish([event]);
  await deps.incidents.markPaged(incident.id);
  return true;
}
