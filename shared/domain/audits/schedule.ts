import { ValidationError } from '../errors.ts';
import type { Instance, MaintenanceWindow } from '../instance.ts';
import type { Finding } from './finding.ts';

export type RemediationTiming = { when: 'now' } | { when: 'window'; notBefore: string; notAfter: string };

/**
 * The window used for an instance that has none: Sunday 03:00 to 07:00 UTC, the quietest hours for most
 * of our customers, shared by every such instance (so budgets and wave sizes bound how much runs at once).
 */
export const DEFAULT_MAINTENANCE_WINDOW: MaintenanceWindow = { dayOfWeek: 0, startHour: 3, durationHours: 4 };

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/**
 * When to remediate a finding: urgent findings (a critical advisory, no backup ever, public exposure)
 * now; the rest inside the instance's next maintenance window. A window that is open now starts now
 * and ends when the window closes; its end is exclusive, so at the closing instant it is next week's.
 *
 * @example
 *   remediationTiming(staleCredentials, pg1, new Date('2026-03-04T10:00:00Z'))
 *   // { when: 'window', notBefore: '2026-03-08T03:00:00.000Z', notAfter: '2026-03-08T07:00:00.000Z' }
 * @throws ValidationError when the instance's window is malformed.
 */
export function remediationTiming(
  finding: Pick<Finding, 'urgent'>,
  instance: Pick<Instance, 'maintenanceWindow'>,
  now: Date,
): RemediationTiming {
  if (finding.urgent) return { when: 'now' };
  const { start, end } = nextMaintenanceWindow(instance.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW, now);
  const notBefore = start.getTime() < now.getTime() ? now : start;
  return { when: 'window', notBefore: notBefore.toISOString(), notAfter: end.toISOString() };
}

/** The window occurrence that is open at `now`, or else the next one to open. */
export function nextMaintenanceWindow(window: MaintenanceWindow, now: Date): { start: Date; end: Date } {
  checkWindow(window);
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const weekStart = midnight - now.getUTCDay() * 24 * HOUR_MS;
  const thisWeek = weekStart + (window.dayOfWeek * 24 + window.startHour) * HOUR_MS;
  const durationMs = window.durationHours * HOUR_MS;
  // Last week's occurrence may still be open (a Saturday-night window running into Sunday); next week's
  // always ends after now, because it starts when this week is over.
  const start = [thisWeek - WEEK_MS, thisWeek].find((s) => s + durationMs > now.getTime()) ?? thisWeek + WEEK_MS;
  return { start: new Date(start), end: new Date(start + durationMs) };
}

function checkWindow(window: MaintenanceWindow): void {
  const issues: string[] = [];
  if (!Number.isInteger(window.dayOfWeek) || window.dayOfWeek < 0 || window.dayOfWeek > 6) {
    issues.push(`dayOfWeek must be an integer from 0 (Sunday) to 6, got ${window.dayOfWeek}`);
  }
  if (!Number.isInteger(window.startHour) || window.startHour < 0 || window.startHour > 23) {
    issues.push(`startHour must be an integer from 0 to 23, got ${window.startHour}`);
  }
  if (!(window.durationHours > 0 && window.durationHours <= 168)) {
    issues.push(`durationHours must be more than 0 and at most 168, got ${window.durationHours}`);
  }
  if (issues.length > 0) throw new ValidationError('maintenance window', issues);
}
