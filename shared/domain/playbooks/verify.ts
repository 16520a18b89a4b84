import type { HealthProbe } from '../fleet.ts';
import type { Check, HealthRequirement } from './types.ts';

/**
 * What verification reads: a `HealthProbe`. A field the provider does not report cannot verify anything, so a
 * step that needs it never counts as succeeded.
 */
export type VerificationProbe = HealthProbe;

/** A requirement as a person reads it: `healthy = true`, `diskPct < 80`, `lastBackupAt after acting`. */
export function describeRequirement(requirement: HealthRequirement): string {
  if ('equals' in requirement) return `${requirement.field} = ${requirement.equals}`;
  if ('below' in requirement) return `${requirement.field} < ${requirement.below}`;
  return `${requirement.field} after acting`;
}

function unmet(requirement: HealthRequirement, probe: VerificationProbe, actedAt: Date): string | undefined {
  const value = probe[requirement.field];
  if (value === undefined) return `the probe did not report ${requirement.field}`;
  if ('equals' in requirement) {
    return value === requirement.equals ? undefined : `${requirement.field} is ${String(value)}`;
  }
  if ('below' in requirement) {
    return typeof value === 'number' && value < requirement.below
      ? undefined
      : `${requirement.field} is ${String(value)} (must be below ${requirement.below})`;
  }
  const at = Date.parse(String(value));
  return at > actedAt.getTime() ? undefined : `${requirement.field} is ${String(value)}, not after acting`;
}

/**
 * Checks a probe against a step's requirements. A probe taken before the action was accepted proves
 * nothing about the action, so it never verifies.
 *
 * @example
 *   checkProbe(probe, [{ field: 'healthy', equals: true }], actedAt) // { ok: false, reason: 'healthy is false' }
 */
export function checkProbe(
  probe: VerificationProbe,
  requirements: readonly HealthRequirement[],
  actedAt: Date,
): Check {
  if (Date.parse(probe.at) < actedAt.getTime()) {
    return { ok: false, reason: `the probe at ${probe.at} was taken before acting` };
  }
  const reasons = requirements
    .map((requirement) => unmet(requirement, probe, actedAt))
    .filter((reason): reason is string => reason !== undefined);
  return reasons.length === 0 ? { ok: true } : { ok: false, reason: reasons.join(', ') };
}
