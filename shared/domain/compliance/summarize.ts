import { ValidationError } from '../errors.ts';
import { severityRank, type Finding } from '../audits/finding.ts';
import { SERVICES, type Service } from '../instance.ts';
import { compareWithPrevious } from './changes.ts';
import { compliancePct, countSeverities, worstOf } from './percent.ts';
import type { AuditedCounts, CheckInfo, CheckSummary, Offender, RunSummary, ServiceSummary, SeverityCounts } from './types.ts';

/** How many worst offenders a summary keeps. */
export const TOP_OFFENDERS = 10;

export interface SummaryInput {
  findings: readonly Finding[];
  audited: AuditedCounts;
  /** Every check that ran, including those nothing failed (they are 100% compliant, not absent). */
  checks: readonly CheckInfo[];
  previous?: RunSummary;
}

/**
 * Rolls a run's findings up into compliance per check and per service, severity counts, the worst
 * offenders and the change since `previous`. Compliance counts instances, not findings: an instance with
 * three findings from one check fails that check once.
 *
 * @example
 *   summarizeRun({ findings, audited: { postgres: 600, redis: 400 }, checks: loadChecks(), previous })
 * @throws ValidationError when a finding names a check not in `checks`, or more instances of a service
 *   fail than were audited.
 */
export function summarizeRun(input: SummaryInput): RunSummary {
  const { findings, audited, checks } = input;
  checkInput(input);
  const failingInstances = new Set(findings.map((f) => f.instanceId));
  const instancesAudited = SERVICES.reduce((sum, service) => sum + (audited[service] ?? 0), 0);
  const instancesPassing = instancesAudited - failingInstances.size;
  const summary: Omit<RunSummary, 'changes'> = {
    instancesAudited,
    instancesPassing,
    passRatePct: compliancePct(instancesPassing, instancesAudited),
    urgentInstances: new Set(findings.filter((f) => f.urgent).map((f) => f.instanceId)).size,
    findings: findings.length,
    bySeverity: countSeverities(findings.map((f) => f.severity)),
    checks: checks.map((check) => summarizeCheck(check, findings, instancesAudited)),
    services: summarizeServices(findings, audited),
    worstOffenders: worstOffenders(findings, checks),
  };
  return { ...summary, changes: input.previous === undefined ? null : compareWithPrevious(summary, input.previous) };
}

function checkInput({ findings, audited, checks }: SummaryInput): void {
  const known = new Set(checks.map((check) => check.name));
  const issues = [...new Set(findings.map((f) => f.check))]
    .filter((name) => !known.has(name))
    .map((name) => `findings name check "${name}", which is not among the checks that ran`);
  for (const service of SERVICES) {
    const count = audited[service] ?? 0;
    const failing = new Set(findings.filter((f) => f.service === service).map((f) => f.instanceId)).size;
    if (!Number.isInteger(count) || count < 0) issues.push(`audited.${service} must be a whole number, got ${count}`);
    else if (failing > count) {
      issues.push(`${failing} ${service} instances have findings but only ${count} were audited`);
    }
  }
  if (issues.length > 0) throw new ValidationError('audit run summary input', issues);
}

function summarizeCheck(check: CheckInfo, findings: readonly Finding[], audited: number): CheckSummary {
  const own = findings.filter((f) => f.check === check.name);
  return checkSummary(check, new Set(own.map((f) => f.instanceId)).size, audited, countSeverities(own.map((f) => f.severity)));
}

/** One check's line of a summary: `failing` distinct instances of `audited`. */
export function checkSummary(check: CheckInfo, failing: number, audited: number, bySeverity: SeverityCounts): CheckSummary {
  return { check: check.name, title: check.title, family: check.family, failing, compliancePct: compliancePct(audited - failing, audited), bySeverity };
}

function summarizeServices(findings: readonly Finding[], audited: AuditedCounts): ServiceSummary[] {
  return SERVICES.filter((service) => (audited[service] ?? 0) > 0).map((service: Service) => {
    const own = findings.filter((f) => f.service === service);
    const count = audited[service] ?? 0;
    const failing = new Set(own.map((f) => f.instanceId)).size;
    return {
      service,
      audited: count,
      failing,
      compliancePct: compliancePct(count - failing, count),
      bySeverity: countSeverities(own.map((f) => f.severity)),
    };
  });
}

/** Worst severity first, then most findings, then urgent, then id (so ties are stable). */
function worstOffenders(findings: readonly Finding[], checks: readonly CheckInfo[]): Offender[] {
  const byInstance = new Map<string, Finding[]>();
  for (const f of findings) {
    const own = byInstance.get(f.instanceId);
    if (own === undefined) byInstance.set(f.instanceId, [f]);
    else own.push(f);
  }
  const order = checks.map((check) => check.name);
  const offenders = [...byInstance].flatMap(([instanceId, own]): Offender[] => {
    const first = own[0];
    const worstSeverity = worstOf(own.map((f) => f.severity));
    if (first === undefined || worstSeverity === undefined) return [];
    const names = new Set(own.map((f) => f.check));
    const failed = order.filter((name) => names.has(name));
    const urgent = own.some((f) => f.urgent);
    const { service, zone } = first;
    return [{ instanceId, service, zone, findings: own.length, worstSeverity, urgent, checks: failed }];
  });
  return offenders.sort(worstFirst).slice(0, TOP_OFFENDERS);
}

/** The order offenders are ranked in: worst severity, most findings, urgent, then id (so ties are stable). */
export function worstFirst(a: Offender, b: Offender): number {
  return (
    severityRank(b.worstSeverity) - severityRank(a.worstSeverity) ||
    b.findings - a.findings ||
    Number(b.urgent) - Number(a.urgent) ||
    (a.instanceId < b.instanceId ? -1 : 1)
  );
}
