import type { CheckFamily, Severity } from '../audits/finding.ts';
import type { Service } from '../instance.ts';

/** What the report needs to know about a check that ran; an `AuditCheck` from `loadChecks` is one. */
export interface CheckInfo {
  name: string;
  title: string;
  family: CheckFamily;
}

/** How many instances were audited, per service (instances outside the audited states are not counted). */
export type AuditedCounts = Partial<Record<Service, number>>;

/** Number of findings at each severity. */
export type SeverityCounts = Record<Severity, number>;

/**
 * Percentages are truncated to one decimal, never rounded up: 100 means every instance passed, and
 * 99.9 never hides a failure behind a rounded 100.
 */
export interface CheckSummary {
  check: string;
  title: string;
  family: CheckFamily;
  /** Distinct instances with at least one finding from this check. */
  failing: number;
  /** Audited instances without a finding from this check, as a percentage of all audited. */
  compliancePct: number;
  bySeverity: SeverityCounts;
}

export interface ServiceSummary {
  service: Service;
  audited: number;
  /** Instances of this service with any finding. */
  failing: number;
  compliancePct: number;
  bySeverity: SeverityCounts;
}

export interface Offender {
  instanceId: string;
  service: Service;
  zone: string;
  findings: number;
  worstSeverity: Severity;
  urgent: boolean;
  /** Names of the checks it failed, in report order. */
  checks: string[];
}

export interface CheckChange {
  check: string;
  title: string;
  /** Null when the check did not run last time. */
  previousPct: number | null;
  currentPct: number;
  /** Percentage points, current minus previous; null for a new check. */
  deltaPct: number | null;
}

export interface RunChanges {
  previousPassRatePct: number;
  passRateDeltaPct: number;
  /** Checks every instance passed last run that some instance fails now. */
  newlyFailing: string[];
  /** Checks some instance failed last run that every instance passes now. */
  newlyPassing: string[];
  checks: CheckChange[];
}

/** A run's results, small and JSON-safe, so the next run can compare against it. */
export interface RunSummary {
  instancesAudited: number;
  /** Instances with no finding at all. */
  instancesPassing: number;
  passRatePct: number;
  /** Instances with at least one urgent finding. */
  urgentInstances: number;
  findings: number;
  bySeverity: SeverityCounts;
  checks: CheckSummary[];
  services: ServiceSummary[];
  /** At most TOP_OFFENDERS, worst first. */
  worstOffenders: Offender[];
  /** Null on a first run. */
  changes: RunChanges | null;
}
