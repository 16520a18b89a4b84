import * as z from 'zod';

/**
 * Mass-event detection: many instances failing together means the provider or our own monitoring is
 * failing, not the instances. Remediating each one would replace healthy machines and page a thousand
 * times; instead one incident opens, one page goes out, and replacement-type work holds.
 *
 * Defaults, and why:
 * - `share` 0.2: independent failures run well under 1% of a scope per hour, so a fifth of a zone
 *   failing within minutes is never chance. It sits above the 10% blast-radius budget on purpose:
 *   smaller spikes are already throttled by the budget, while a zone outage (which takes most of the
 *   zone) crosses 20% within a sweep or two.
 * - `minInstances` 5: in a 10-instance zone two coincident failures are 20%; five distinct instances
 *   are needed before a share means anything.
 * - `windowSeconds` 300: the sweeper runs every minute and silence becomes `uncertain` after about
 *   90 s, so five minutes holds an outage's first few sweeps.
 */
export const MassEventConfigSchema = z.object({
  share: z.number().gt(0).max(1).default(0.2),
  minInstances: z.number().int().min(1).default(5),
  windowSeconds: z.number().int().positive().default(300),
});
export type MassEventConfig = z.infer<typeof MassEventConfigSchema>;

/** An instance that turned `uncertain` or `unavailable`, and when. */
export interface FailureSignal {
  instanceId: string;
  service: string;
  zone: string;
  region: string;
  at: string;
}

/** Instances in service per scope value. */
export interface Population {
  zone: Readonly<Record<string, number>>;
  region: Readonly<Record<string, number>>;
  service: Readonly<Record<string, number>>;
}

export type IncidentScope =
  | { kind: 'zone'; zone: string }
  | { kind: 'region'; region: string }
  | { kind: 'service'; service: string };

export interface MassEvent {
  scope: IncidentScope;
  failed: number;
  population: number;
  share: number;
  /** The earliest failure in the window, rounded down to a whole window: it names the incident. */
  windowStart: string;
  instanceIds: string[];
}

const SCOPE_KINDS = ['zone', 'region', 'service'] as const;

function scopeOf(kind: (typeof SCOPE_KINDS)[number], value: string): IncidentScope {
  if (kind === 'zone') return { kind, zone: value };
  if (kind === 'region') return { kind, region: value };
  return { kind, service: value };
}

/** "zone eu-west-1a", "region eu-west-1", "service redis". */
export function describeScope(scope: IncidentScope): string {
  if (scope.kind === 'zone') return `zone ${scope.zone}`;
  if (scope.kind === 'region') return `region ${scope.region}`;
  return `service ${scope.service}`;
}

function group(signals: readonly FailureSignal[], kind: (typeof SCOPE_KINDS)[number]): Map<string, Map<string, number>> {
  const groups = new Map<string, Map<string, number>>();
  for (const s of signals) {
    const members = groups.get(s[kind]) ?? new Map<string, number>();
    const at = Date.parse(s.at);
    members.set(s.instanceId, Math.min(members.get(s.instanceId) ?? at, at));
    groups.set(s[kind], members);
  }
  return groups;
}

/**
 * The scopes (zones, regions, services) where at least `share` of the instances, and at least
 * `minInstances` distinct ones, failed within the window `(now - windowSeconds, now]`. An instance that
 * failed twice counts once; a scope without a known population is never flagged. A zone outage may
 * also flag its region: each is reported, and `openIncidents` opens one incident per scope.
 */
export function detectMassEvent(
  recentFailures: readonly FailureSignal[],
  population: Population,
  config: MassEventConfig,
  now: Date,
): MassEvent[] {
  const windowMs = config.windowSeconds * 1000;
  const inWindow = recentFailures.filter((s) => {
    const at = Date.parse(s.at);
    return at > now.getTime() - windowMs && at <= now.getTime();
  });
  const events: MassEvent[] = [];
  for (const kind of SCOPE_KINDS) {
    for (const [value, members] of group(inWindow, kind)) {
      const size = population[kind][value] ?? 0;
      const share = size > 0 ? members.size / size : 0;
      if (size === 0 || members.size < config.minInstances || share < config.share) continue;
      const first = Math.min(...members.values());
      const windowStart = new Date(Math.floor(first / windowMs) * windowMs).toISOString();
      const instanceIds = [...members.keys()].sort();
      events.push({ scope: scopeOf(kind, value), failed: members.size, population: size, share, windowStart, instanceIds });
    }
  }
  return events;
}
