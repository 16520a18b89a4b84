import type { CheckFamily, Severity } from '../domain/audits/finding.ts';
import type { Service } from '../domain/instance.ts';
import type { RunSummary } from '../domain/compliance/types.ts';

/** Words for readers who are not engineers; shared by the HTML and text reports. */
export const FAMILY_WORDS: Record<CheckFamily, string> = {
  backups: 'Backups',
  replication: 'Standby copies',
  security: 'Security',
  performance: 'Performance',
};

export const SERVICE_WORDS: Record<Service, string> = {
  postgres: 'PostgreSQL databases',
  redis: 'Redis caches',
  kafka: 'Kafka message queues',
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export const SEVERITY_MEANINGS: Record<Severity, string> = {
  critical: 'fix immediately',
  high: 'fix soon',
  medium: 'fix in the next maintenance window',
  low: 'worth a look',
};

const numbers = new Intl.NumberFormat('en-US');

/** 1234567 -> "1,234,567". */
export function formatCount(count: number): string {
  return numbers.format(count);
}

/** 97.2 -> "97.2%", 100 -> "100%". */
export function formatPct(pct: number): string {
  return `${Number.isInteger(pct) ? pct : pct.toFixed(1)}%`;
}

/** +1.5 / -0.3 / 0 percentage points, or "new" for a check with no previous run. */
export function formatDelta(delta: number | null): string {
  if (delta === null) return 'new';
  if (delta === 0) return 'no change';
  return `${delta > 0 ? '+' : ''}${delta.toFixed(1)} pts`;
}

/** How a compliance percentage reads in words, so that colour is never the only signal. */
export function complianceStatus(pct: number): { word: string; tone: 'good' | 'warn' | 'bad' } {
  if (pct === 100) return { word: 'All passed', tone: 'good' };
  if (pct >= 95) return { word: 'Mostly passing', tone: 'warn' };
  return { word: 'Needs attention', tone: 'bad' };
}

/**
 * The one sentence a reader should take away, e.g.
 * "97.2% of 1,000 instances passed every check; 3 need urgent attention."
 */
export function headline(summary: RunSummary): string {
  const audited = summary.instancesAudited;
  if (audited === 0) return 'No instances were audited in this run.';
  const noun = audited === 1 ? 'instance' : 'instances';
  const passed =
    summary.instancesPassing === audited
      ? `All ${formatCount(audited)} ${noun} passed every check`
      : `${formatPct(summary.passRatePct)} of ${formatCount(audited)} ${noun} passed every check`;
  const urgent = summary.urgentInstances;
  const verb = urgent === 1 ? 'needs' : 'need';
  const attention = urgent === 0 ? 'none need urgent attention' : `${formatCount(urgent)} ${verb} urgent attention`;
  return `${passed}; ${attention}.`;
}
