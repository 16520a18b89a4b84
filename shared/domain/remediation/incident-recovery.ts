/**
 * When a mass-event incident is over. Detection looks for many instances failing *within a window*; recovery
 * looks at how many are *still* failing now, so an outage that stops producing new failures but keeps its
 * instances down does not end its incident (and release replacements into a dead zone).
 */
import type { Incident } from '../safety/incident.ts';
import type { FailureSignal, MassEventConfig, Population } from '../safety/mass-event.ts';

function inScope(incident: Incident, instance: Pick<FailureSignal, 'zone' | 'region' | 'service'>): boolean {
  const { scope } = incident;
  if (scope.kind === 'zone') return scope.zone === instance.zone;
  if (scope.kind === 'region') return scope.region === instance.region;
  return scope.service === instance.service;
}

function sizeOf(incident: Incident, population: Population): number {
  const { scope } = incident;
  if (scope.kind === 'zone') return population.zone[scope.zone] ?? 0;
  if (scope.kind === 'region') return population.region[scope.region] ?? 0;
  return population.service[scope.service] ?? 0;
}

export interface Recovery {
  incident: Incident;
  failingNow: number;
  population: number;
  note: string;
}

/**
 * Live incidents (open or released) that have recovered: at least a window old, and with fewer than
 * `minInstances` instances, or less than half the detection share, still uncertain or unavailable in their
 * scope. The half is hysteresis, so an incident does not close and reopen on every sweep at the threshold.
 *
 * @param failingNow instances uncertain or unavailable right now.
 */
export function recoveredIncidents(
  incidents: readonly Incident[],
  failingNow: readonly Pick<FailureSignal, 'instanceId' | 'zone' | 'region' | 'service'>[],
  population: Population,
  config: MassEventConfig,
  now: Date,
): Recovery[] {
  const windowMs = config.windowSeconds * 1000;
  const recovered: Recovery[] = [];
  for (const incident of incidents) {
    if (incident.status === 'resolved' || now.getTime() - Date.parse(incident.openedAt) < windowMs) continue;
    const failing = new Set(failingNow.filter((f) => inScope(incident, f)).map((f) => f.instanceId)).size;
    const size = sizeOf(incident, population);
    const share = size > 0 ? failing / size : 0;
    if (failing >= config.minInstances && share >= config.share / 2) continue;
    const note = `recovered: ${failing} of ${size} instances still uncertain or unavailable`;
    recovered.push({ incident, failingNow: failing, population: size, note });
  }
  return recovered;
}
