import { ValidationError } from '../errors.ts';
import type { Instance } from '../instance.ts';
import type { AuditCheck, AuditContext, CheckDefinition } from './check.ts';
import { backupsRecent, backupsRestoreTested } from './checks/backups.ts';
import { performanceHeadroom } from './checks/performance.ts';
import { replicationLag, replicationReplicas, replicationZoneSpread } from './checks/replication.ts';
import {
  securityCredentialsAge,
  securityImageAdvisories,
  securityPublicAccess,
  securityTls,
} from './checks/security.ts';
import { isAudited, type Finding } from './finding.ts';

/** Every check Fleetwarden knows, in report order. Adding a check means adding it here. */
export const CHECK_DEFINITIONS: readonly CheckDefinition[] = [
  backupsRecent,
  backupsRestoreTested,
  replicationLag,
  replicationReplicas,
  replicationZoneSpread,
  securityImageAdvisories,
  securityTls,
  securityCredentialsAge,
  securityPublicAccess,
  performanceHeadroom,
];

/** Per-check option overrides by check name; `false` leaves that check out of the run. */
export type CheckOverrides = Readonly<Record<string, Readonly<Record<string, unknown>> | false>>;

/**
 * Resolves every check's options (defaults merged with `overrides`), validating them all before any
 * audit runs, as Cloud Custodian validates a policy at load.
 *
 * @example
 *   const checks = loadChecks({ 'backups.recent': { maxAgeHours: 12 }, 'performance.headroom': false });
 * @throws ValidationError naming an unknown check, or the check and option that are wrong.
 */
export function loadChecks(overrides: CheckOverrides = {}): AuditCheck[] {
  const known = new Set(CHECK_DEFINITIONS.map((definition) => definition.name));
  const unknown = Object.keys(overrides).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const issues = unknown.map((name) => `unknown check "${name}"; known checks: ${[...known].join(', ')}`);
    throw new ValidationError('audit check overrides', issues);
  }
  return CHECK_DEFINITIONS.filter((definition) => overrides[definition.name] !== false).map((definition) =>
    definition.load(overrides[definition.name] ?? {}),
  );
}

/**
 * Runs every check on one instance. Instances outside AUDITED_STATES (installing, retiring, ...) yield
 * nothing: callers count only audited instances (see `isAudited`) in the run's totals.
 */
export function auditInstance(
  instance: Instance,
  checks: readonly AuditCheck[],
  ctx: AuditContext,
  now: Date,
): Finding[] {
  if (!isAudited(instance)) return [];
  return checks.flatMap((check) => check.evaluate(instance, ctx, now));
}
