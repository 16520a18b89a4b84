import * as z from 'zod';
import { SERVICES } from '../instance.ts';
import type { ConditionName, Instance, LifecycleState, Service } from '../instance.ts';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CHECK_FAMILIES = ['backups', 'replication', 'security', 'performance'] as const;
export type CheckFamily = (typeof CHECK_FAMILIES)[number];

/** Orders severities: `low` is 0, `critical` is 3. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/**
 * One thing a check found wrong with one instance. A finding with a `condition` asks remediation to act
 * (the planner raises that condition on the instance); one without is for the report only.
 */
export interface Finding {
  check: string;
  instanceId: string;
  service: Service;
  zone: string;
  severity: Severity;
  /** The remediation condition it raises (`backup-stale`, `vulnerable-image`, ...); absent when info-only. */
  condition?: ConditionName;
  /** One sentence for a human. */
  message: string;
  /** Remediate now rather than in the instance's next maintenance window. */
  urgent: boolean;
  /** Machine-readable detail, e.g. the advisory id behind `vulnerable-image`; copied to the condition record. */
  evidence?: string;
}

/** Findings cross queues and tables; parse them at the edge with this. */
export const findingSchema = z.strictObject({
  check: z.string().min(1),
  instanceId: z.string().min(1),
  service: z.enum(SERVICES),
  zone: z.string().min(1),
  severity: z.enum(SEVERITIES),
  condition: z.string().min(1).optional(),
  message: z.string().min(1),
  urgent: z.boolean(),
  evidence: z.string().optional(),
});

/**
 * States in which an instance is audited: it serves (or should serve) customers. Instances being
 * installed or taken out of service are not, since their backups, replicas and metrics mean nothing yet
 * or any more.
 */
export const AUDITED_STATES: ReadonlySet<LifecycleState> = new Set([
  'available',
  'uncertain',
  'unavailable',
  'restart',
  'upgrading',
]);

export function isAudited(instance: Pick<Instance, 'state'>): boolean {
  return AUDITED_STATES.has(instance.state);
}

export interface FindingFields {
  severity: Severity;
  message: string;
  condition?: ConditionName;
  urgent?: boolean;
  evidence?: string;
}

/** Builds a finding for `instance`; keys that do not apply are left out rather than set to undefined. */
export function makeFinding(check: string, instance: Instance, fields: FindingFields): Finding {
  const finding: Finding = {
    check,
    instanceId: instance.id,
    service: instance.service,
    zone: instance.zone,
    severity: fields.severity,
    message: fields.message,
    urgent: fields.urgent ?? false,
  };
  if (fields.condition !== undefined) finding.condition = fields.condition;
  if (fields.evidence !== undefined) finding.evidence = fields.evidence;
  return finding;
}
