/** Parsing what engineers type: freeze scopes (`zone:us-east-1a`) and expiries (`2h`, or an ISO time). */
import { ValidationError } from '../errors.ts';
import { SERVICES } from '../instance.ts';
import type { Service } from '../instance.ts';
import type { FreezeScope } from '../safety/freeze.ts';

const SCOPE_USAGE = 'scope must be fleet, service:NAME, zone:ZONE or instance:ID';

/**
 * `fleet`, `service:redis`, `zone:us-east-1a`, `instance:pg-1` -> a freeze scope.
 *
 * @throws ValidationError naming what is wrong (an unknown kind, an unknown service, an empty value).
 */
export function parseFreezeScope(text: string): FreezeScope {
  const trimmed = text.trim();
  if (trimmed === 'fleet') return { kind: 'fleet' };
  const colon = trimmed.indexOf(':');
  const kind = colon < 0 ? trimmed : trimmed.slice(0, colon);
  const value = colon < 0 ? '' : trimmed.slice(colon + 1).trim();
  if (value === '' && ['service', 'zone', 'instance'].includes(kind)) {
    throw new ValidationError('freeze scope', [`${kind} needs a value, e.g. ${kind}:${example(kind)}`]);
  }
  if (kind === 'service') {
    if (!(SERVICES as readonly string[]).includes(value)) {
      throw new ValidationError('freeze scope', [`unknown service "${value}"; known: ${SERVICES.join(', ')}`]);
    }
    return { kind, service: value as Service };
  }
  if (kind === 'zone') return { kind, zone: value };
  if (kind === 'instance') return { kind, instanceId: value };
  throw new ValidationError('freeze scope', [`"${text}": ${SCOPE_USAGE}`]);
}

function example(kind: string): string {
  return kind === 'service' ? 'postgres' : kind === 'zone' ? 'us-east-1a' : 'pg-00001-1';
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { m: 60, h: 3600, d: 86400 };

/**
 * `30m`, `2h`, `1d` (from `now`) or an ISO-8601 time -> the expiry as an ISO string. Whether it is too far
 * away is `validateFreeze`'s call, not this one's.
 *
 * @throws ValidationError for anything else.
 */
export function parseExpiry(text: string, now: Date): string {
  const relative = /^(\d+(?:\.\d+)?)\s*([mhd])$/.exec(text.trim());
  if (relative?.[1] !== undefined && relative[2] !== undefined) {
    return new Date(now.getTime() + Number(relative[1]) * (UNIT_SECONDS[relative[2]] ?? 0) * 1000).toISOString();
  }
  const absolute = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(absolute)) return new Date(absolute).toISOString();
  throw new ValidationError('expiry', [`"${text}" must be a duration such as 30m, 2h or 1d, or an ISO-8601 time`]);
}

/**
 * The region of an AWS-style availability zone (`eu-west-1a` -> `eu-west-1`); undefined for zone names that
 * do not follow that convention, whose region is then unknown (and never flagged by mass-event detection).
 */
export function regionOfZone(zone: string): string | undefined {
  const match = /^([a-z]{2}(?:-[a-z]+)+-\d+)[a-z]$/.exec(zone);
  return match?.[1];
}
