import type { AuditCheck, AuditContext } from '../audits/check.ts';
import { isAudited, type Finding } from '../audits/finding.ts';
import { auditInstance } from '../audits/registry.ts';
import type { Instance } from '../instance.ts';
import { summarizeRun } from '../compliance/summarize.ts';
import type { AuditedCounts, RunSummary } from '../compliance/types.ts';

export interface SegmentAudit {
  /** Findings per instance id, only for instances with at least one. */
  findings: Map<string, Finding[]>;
  audited: AuditedCounts;
  /** Instance records looked at, audited or not (installing, retired, ... are not audited). */
  scanned: number;
  summary: RunSummary;
}

/**
 * Audits every instance of one scan segment with the run's checks, as of `now` (the run's start), and
 * summarises the segment. Only instances in audited states count; an instance id seen twice (a scan page
 * repeated) counts once.
 *
 * @example evaluateSegment(instances, loadChecks(), { plans: DEFAULT_PLANS, advisories, clusters }, runStart)
 */
export function evaluateSegment(
  instances: readonly Instance[],
  checks: readonly AuditCheck[],
  ctx: AuditContext,
  now: Date,
): SegmentAudit {
  const unique = [...new Map(instances.map((instance) => [instance.id, instance])).values()];
  const findings = new Map<string, Finding[]>();
  const audited: AuditedCounts = {};
  for (const instance of unique) {
    if (!isAudited(instance)) continue;
    audited[instance.service] = (audited[instance.service] ?? 0) + 1;
    const own = auditInstance(instance, checks, ctx, now);
    if (own.length > 0) findings.set(instance.id, own);
  }
  const summary = summarizeRun({ findings: [...findings.values()].flat(), audited, checks });
  return { findings, audited, scanned: unique.length, summary };
}
