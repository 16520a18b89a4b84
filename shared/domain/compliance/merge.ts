import { SERVICES } from '../instance.ts';
import { compareWithPrevious } from './changes.ts';
import { compliancePct } from './percent.ts';
import { checkSummary, TOP_OFFENDERS, worstFirst } from './summarize.ts';
import type { CheckInfo, CheckSummary, RunSummary, ServiceSummary, SeverityCounts } from './types.ts';

/**
 * Combines the summaries of disjoint parts of one run (the audit's scan segments) into the summary of the
 * whole run. Because no instance is in two parts, distinct-instance counts add up, and the run's worst
 * offenders are among the parts' worst offenders. So a run over a million instances is summarised from
 * one small summary per segment instead of every finding, and the result equals `summarizeRun` over all
 * findings at once.
 *
 * @example
 *   mergeSummaries([summarizeRun(segment0), summarizeRun(segment1)], loadChecks(), previousRun)
 */
export function mergeSummaries(parts: readonly RunSummary[], checks: readonly CheckInfo[], previous?: RunSummary): RunSummary {
  const instancesAudited = total(parts, (p) => p.instancesAudited);
  const instancesPassing = total(parts, (p) => p.instancesPassing);
  const merged: Omit<RunSummary, 'changes'> = {
    instancesAudited,
    instancesPassing,
    passRatePct: compliancePct(instancesPassing, instancesAudited),
    urgentInstances: total(parts, (p) => p.urgentInstances),
    findings: total(parts, (p) => p.findings),
    bySeverity: addSeverities(parts.map((p) => p.bySeverity)),
    checks: checks.map((check) => mergeCheck(check, parts, instancesAudited)),
    services: mergeServices(parts),
    worstOffenders: parts.flatMap((p) => p.worstOffenders).sort(worstFirst).slice(0, TOP_OFFENDERS),
  };
  return { ...merged, changes: previous === undefined ? null : compareWithPrevious(merged, previous) };
}

function total(parts: readonly RunSummary[], count: (part: RunSummary) => number): number {
  return parts.reduce((sum, part) => sum + count(part), 0);
}

function addSeverities(counts: readonly SeverityCounts[]): SeverityCounts {
  const sum: SeverityCounts = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const c of counts) for (const key of Object.keys(sum) as (keyof SeverityCounts)[]) sum[key] += c[key];
  return sum;
}

function mergeCheck(check: CheckInfo, parts: readonly RunSummary[], audited: number): CheckSummary {
  const own = parts.flatMap((p) => p.checks.filter((c) => c.check === check.name));
  const failing = own.reduce((sum, c) => sum + c.failing, 0);
  return checkSummary(check, failing, audited, addSeverities(own.map((c) => c.bySeverity)));
}

function mergeServices(parts: readonly RunSummary[]): ServiceSummary[] {
  return SERVICES.flatMap((service): ServiceSummary[] => {
    const own = parts.flatMap((p) => p.services.filter((s) => s.service === service));
    const audited = own.reduce((sum, s) => sum + s.audited, 0);
    if (audited === 0) return [];
    const failing = own.reduce((sum, s) => sum + s.failing, 0);
    const bySeverity = addSeverities(own.map((s) => s.bySeverity));
    return [{ service, audited, failing, compliancePct: compliancePct(audited - failing, audited), bySeverity }];
  });
}
