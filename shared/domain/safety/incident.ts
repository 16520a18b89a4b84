import type { FleetActionKind } from '../fleet.ts';
import type { Actor, Instance } from '../instance.ts';
import { describeScope } from './mass-event.ts';
import type { IncidentScope, MassEvent } from './mass-event.ts';

/**
 * One incident per mass event. `open` holds replacement-type work in its scope; `released` means an
 * engineer let automation proceed while the incident lasts; `resolved` means it is over.
 */
export interface Incident {
  /** Deterministic from scope and window start: two sweeps that see the same outage name it alike. */
  id: string;
  scope: IncidentScope;
  openedAt: string;
  windowStart: string;
  counts: { failed: number; population: number };
  status: 'open' | 'released' | 'resolved';
  releasedBy?: Actor;
  releasedAt?: string;
  resolvedAt?: string;
  note?: string;
}

/** Replacing, failing over or rebuilding during a provider outage moves load onto what is failing. */
export const REPLACEMENT_ACTIONS: ReadonlySet<FleetActionKind> = new Set(['replace', 'failover', 'rebuild-replica']);

/** `incident:zone=eu-west-1a:2025-03-01T10:00:00.000Z`: scope and window start, nothing random. */
export function incidentId(scope: IncidentScope, windowStart: string): string {
  return `incident:${describeScope(scope).replace(' ', '=')}:${windowStart}`;
}

function sameScope(a: IncidentScope, b: IncidentScope): boolean {
  return describeScope(a) === describeScope(b);
}

/**
 * Incidents to open for detected mass events: one per scope that has no open or released incident
 * already, so a continuing outage pages once, not once per sweep.
 */
export function openIncidents(events: readonly MassEvent[], existing: readonly Incident[], now: Date): Incident[] {
  const live = existing.filter((i) => i.status !== 'resolved');
  return events
    .filter((event) => !live.some((i) => sameScope(i.scope, event.scope)))
    .map((event) => ({
      id: incidentId(event.scope, event.windowStart),
      scope: event.scope,
      openedAt: now.toISOString(),
      windowStart: event.windowStart,
      counts: { failed: event.failed, population: event.population },
      status: 'open',
    }));
}

function covers(scope: IncidentScope, instance: Pick<Instance, 'zone' | 'region' | 'service'>): boolean {
  if (scope.kind === 'zone') return scope.zone === instance.zone;
  if (scope.kind === 'region') return scope.region === instance.region;
  return scope.service === instance.service;
}

/** The open incident whose scope covers the instance, if any (e.g. to fold a page into the incident's). */
export function incidentCovering(
  incidents: readonly Incident[],
  instance: Pick<Instance, 'zone' | 'region' | 'service'>,
): Incident | undefined {
  return incidents.find((i) => i.status === 'open' && covers(i.scope, instance));
}

/**
 * The open incident that holds a replacement-type action (replace, failover, rebuild-replica) on this
 * instance; undefined when the action may go ahead. Restarts and in-place work are not held: budgets
 * bound them.
 */
export function holdsReplacement(
  incidents: readonly Incident[],
  instance: Pick<Instance, 'zone' | 'region' | 'service'>,
  action: FleetActionKind,
): Incident | undefined {
  return REPLACEMENT_ACTIONS.has(action) ? incidentCovering(incidents, instance) : undefined;
}

/** An engineer lets automation proceed in the incident's scope (break glass). */
export function releaseIncident(incident: Incident, actor: Actor, note: string, now: Date): Incident {
  if (incident.status !== 'open') return incident;
  return { ...incident, status: 'released', releasedBy: actor, note, releasedAt: now.toISOString() };
}

/** The mass event is over: the incident stops holding work, and a new event in its scope opens a new one. */
export function resolveIncident(incident: Incident, note: string, now: Date): Incident {
  if (incident.status === 'resolved') return incident;
  return { ...incident, status: 'resolved', note, resolvedAt: now.toISOString() };
}

/** Which of the incidents just opened to page, and which ride along in its page. */
export interface IncidentPages {
  page?: Incident;
  foldedIn: Incident[];
}

/**
 * One outage, one page. A provider failure shows in several scopes at once (the zone, its region, each service
 * with instances there), and each opens its incident, so that each holds replacements in its scope; but only one
 * pages: the broadest of those opened together (the largest population), naming the others. While an incident
 * opened within the last `windowSeconds` is still open, later ones are part of the same outage and fold into its
 * page: they hold work, and `warden incidents` lists them, but nobody is paged again.
 *
 * @example
 *   incidentPages([zoneA, regionUsEast1], [], now, 300) // { page: regionUsEast1, foldedIn: [zoneA] }
 */
export function incidentPages(opened: readonly Incident[], existing: readonly Incident[], now: Date, windowSeconds: number): IncidentPages {
  const openedIds = new Set(opened.map((i) => i.id));
  const recent = existing.some(
    (i) => !openedIds.has(i.id) && i.status === 'open' && now.getTime() - Date.parse(i.openedAt) <= windowSeconds * 1000,
  );
  if (recent || opened.length === 0) return { foldedIn: [...opened] };
  const [page, ...foldedIn] = [...opened].sort((a, b) => b.counts.population - a.counts.population || a.id.localeCompare(b.id));
  return page === undefined ? { foldedIn } : { page, foldedIn };
}
