/**
 * Mass events: failures are recorded as signals, and when many instances of a zone, region or service fail
 * within the window, ONE incident opens per scope and pages ONCE with the scope and the numbers. While it is
 * open, replacement-type actions in its scope hold. It resolves when its scope has recovered, or an engineer
 * releases it (`warden incident release`).
 */
import { detectMassEvent } from '../../domain/safety/mass-event.ts';
import { incidentPages, openIncidents, resolveIncident } from '../../domain/safety/incident.ts';
import type { Incident } from '../../domain/safety/incident.ts';
import { recoveredIncidents } from '../../domain/remediation/incident-recovery.ts';
import type { StateChangedDetail } from '../../schemas/remediation.ts';
import type { PlannerDeps } from './deps.ts';
import { pageIncident } from './pages.ts';
import { SYSTEM_ACTOR } from './run.ts';

const FAILING = new Set(['uncertain', 'unavailable']);

/** Remediation's own moves, by kind and name: an engineer (kind `engineer`) cannot borrow the name to go uncounted. */
function isRemediationsOwn(actor: { kind?: string; id?: string } | undefined): boolean {
  return actor?.kind === SYSTEM_ACTOR.kind && actor.id === SYSTEM_ACTOR.id;
}

/**
 * An instance turned uncertain or unavailable: record it, and look for a mass event. Returns incidents opened.
 * Remediation's own moves (a restart that did not bring an instance back) are not new failures: not counted.
 */
export async function recordFailure(deps: PlannerDeps, changed: StateChangedDetail): Promise<number> {
  if (!FAILING.has(changed.to) || isRemediationsOwn(changed.actor)) return 0;
  const { instanceId, service, zone, region, at } = changed;
  await deps.signals.put({ instanceId, service, zone, region, at });
  return detectMassEvents(deps, deps.clock());
}

/**
 * Opens an incident for each scope with a mass event and no live incident, and pages once for the outage: the
 * broadest incident opened, naming the others; incidents of an outage already paged fold into its page.
 */
export async function detectMassEvents(deps: PlannerDeps, now: Date): Promise<number> {
  const config = deps.settings.safety.massEvent;
  const since = new Date(now.getTime() - config.windowSeconds * 1000);
  const [signals, population, existing] = await Promise.all([
    deps.signals.between(since, now),
    deps.sizes.population(),
    deps.incidents.list(),
  ]);
  const events = detectMassEvent(signals, population, config, now);
  if (events.length === 0) return 0;
  // Every detection that sees the same events picks the same incident to page (and its page is claimed once),
  // whichever of them won the race to open each incident.
  const candidates = openIncidents(events, existing, now);
  let opened = 0;
  for (const incident of candidates) {
    if ((await deps.incidents.open(incident)) === 'opened') opened += 1;
  }
  const { page, foldedIn } = incidentPages(candidates, existing, now, config.windowSeconds);
  // Folded incidents count as paged first, so that the tick does not page them as if their opener had died.
  for (const incident of foldedIn) await deps.incidents.markPaged(incident.id);
  if (page !== undefined) await pageIncident(deps, page, config.windowSeconds, foldedIn);
  return opened;
}

/** Resolves live incidents whose scope has recovered (see `recoveredIncidents`). */
export async function resolveRecovered(deps: PlannerDeps, incidents: readonly Incident[], now: Date): Promise<number> {
  const live = incidents.filter((incident) => incident.status !== 'resolved');
  if (live.length === 0) return 0;
  const [uncertain, unavailable, population] = await Promise.all([
    deps.queries.list({ state: 'uncertain', limit: Number.MAX_SAFE_INTEGER }),
    deps.queries.list({ state: 'unavailable', limit: Number.MAX_SAFE_INTEGER }),
    deps.sizes.population(),
  ]);
  const failing = [...uncertain, ...unavailable].map((i) => ({ instanceId: i.id, zone: i.zone, region: i.region, service: i.service }));
  const recovered = recoveredIncidents(live, failing, population, deps.settings.safety.massEvent, now);
  for (const { incident, note } of recovered) await deps.incidents.save(resolveIncident(incident, note, now));
  return recovered.length;
}
