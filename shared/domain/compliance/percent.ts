import { SEVERITIES, type Severity } from '../audits/finding.ts';
import type { SeverityCounts } from './types.ts';

/**
 * `passing / total` as a percentage truncated to one decimal, computed on integers so that 972 of 1000
 * is exactly 97.2 (not 97.19999). Nothing audited counts as 100.
 */
export function compliancePct(passing: number, total: number): number {
  if (total === 0) return 100;
  return Math.floor((passing * 1000) / total) / 10;
}

/** Difference of two one-decimal percentages, in tenths so it stays exact (97.2 - 96.1 is 1.1). */
export function deltaPct(current: number, previous: number): number {
  return Math.round(current * 10 - previous * 10) / 10;
}

export function countSeverities(severities: Iterable<Severity>): SeverityCounts {
  const counts: SeverityCounts = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const severity of severities) counts[severity] += 1;
  return counts;
}

export function worstOf(severities: Iterable<Severity>): Severity | undefined {
  let worst: Severity | undefined;
  for (const severity of severities) {
    if (worst === undefined || SEVERITIES.indexOf(severity) > SEVERITIES.indexOf(worst)) worst = severity;
  }
  return worst;
}
