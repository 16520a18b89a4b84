import { AUDIT_CONDITIONS } from '../audits/conditions.ts';
import type { Finding } from '../audits/finding.ts';
import { remediationTiming } from '../audits/schedule.ts';
import type { ConditionRecord, Instance } from '../instance.ts';

/** A condition an audit asks remediation to answer, with when it may start. */
export interface ConditionRequest {
  condition: string;
  record: ConditionRecord;
  urgent: boolean;
  /** This run already raised it (an earlier delivery of the same segment): it counts, but was not raised now. */
  raisedBefore: boolean;
}

export interface RemediationPlan {
  requests: ConditionRequest[];
  /** Findings left to an advisory's roll, which raises `vulnerable-image` wave by wave. */
  leftToRolls: number;
}

const EVIDENCE_LIMIT = 500;

/** The `source` of every condition a run raises. */
export const auditSource = (runId: string) => `audit:${runId}`;

/**
 * Turns one instance's findings into the conditions to raise on it:
 * - findings without a `condition` are for the report only;
 * - several findings asking for one remedy raise it once: urgent if any is, with every finding's evidence;
 * - urgent ones may start now, the rest not before the instance's next maintenance window;
 * - `vulnerable-image` from an advisory that is being rolled is left to the roll, so the fleet moves in
 *   its waves (replicas before primaries) rather than all at once;
 * - a condition the instance already carries from an earlier source is not raised again; one from this
 *   same run is (a retried shard republishes what the first attempt may have died before publishing).
 *
 * `now` is when the conditions are raised (not the run's start): the maintenance window is the next one
 * from now.
 *
 * @example conditionsFor(instance, findings, { runId, now, rolling: new Set(['CVE-2026-0001']) })
 */
export function conditionsFor(
  instance: Pick<Instance, 'maintenanceWindow' | 'conditions'>,
  findings: readonly Finding[],
  opts: { runId: string; now: Date; rolling: ReadonlySet<string> },
): RemediationPlan {
  const byCondition = new Map<string, Finding[]>();
  let leftToRolls = 0;
  for (const finding of findings) {
    if (finding.condition === undefined) continue;
    if (isRolled(finding, opts.rolling)) {
      leftToRolls += 1;
      continue;
    }
    byCondition.set(finding.condition, [...(byCondition.get(finding.condition) ?? []), finding]);
  }
  const source = auditSource(opts.runId);
  const requests = [...byCondition].flatMap(([condition, own]): ConditionRequest[] => {
    const existing = instance.conditions?.[condition];
    if (existing !== undefined && existing.source !== source) return [];
    const urgent = own.some((f) => f.urgent);
    const timing = remediationTiming({ urgent }, instance, opts.now);
    const record: ConditionRecord = { raisedAt: opts.now.toISOString(), source, evidence: evidenceOf(own) };
    if (timing.when === 'window') record.notBefore = timing.notBefore;
    return [{ condition, record, urgent, raisedBefore: existing !== undefined }];
  });
  return { requests, leftToRolls };
}

function isRolled(finding: Finding, rolling: ReadonlySet<string>): boolean {
  return finding.condition === AUDIT_CONDITIONS.vulnerableImage && finding.evidence !== undefined && rolling.has(finding.evidence);
}

function evidenceOf(findings: readonly Finding[]): string {
  const text = findings.map((f) => `${f.check}: ${f.evidence ?? f.message}`).join('; ');
  return text.length <= EVIDENCE_LIMIT ? text : `${text.slice(0, EVIDENCE_LIMIT - 3)}...`;
}
