/**
 * Domain events Fleetwarden publishes on the fleet's EventBridge bus (schemas in docs/EVENTS.md).
 * Names are in the past tense. `dedupeKey` lets consumers drop the redeliveries that at-least-once implies.
 */
import type { ConditionRecord, HistoryEntry, Instance } from './instance.ts';
import { heldServicesOf, isJudged, type DetectionHold, type DetectionState, type HeldScope } from './observer/hold.ts';

export const EVENT_SOURCE = 'fleetwarden';

export interface DomainEvent {
  type: string;
  /** Identical for every redelivery of the same fact. */
  dedupeKey: string;
  detail: Record<string, unknown>;
}

export function instanceStateChanged(instance: Pick<Instance, 'id' | 'service' | 'zone' | 'region'>, entry: HistoryEntry): DomainEvent {
  return {
    type: 'InstanceStateChanged',
    dedupeKey: `${entry.instanceId}#${entry.version}`,
    detail: {
      instanceId: entry.instanceId,
      service: instance.service,
      region: instance.region,
      zone: instance.zone,
      from: entry.from,
      to: entry.to,
      version: entry.version,
      at: entry.at,
      actor: entry.actor,
      reason: entry.reason,
      cause: entry.cause,
      ...(entry.breakGlass === undefined ? {} : { breakGlass: entry.breakGlass }),
    },
  };
}

type Placed = Pick<Instance, 'id' | 'service' | 'zone' | 'region'>;

/** A condition was raised on an instance; remediation plans from this. */
export function conditionRaised(instance: Placed, condition: string, record: ConditionRecord): DomainEvent {
  return {
    type: 'ConditionRaised',
    dedupeKey: `${instance.id}#${condition}#${record.raisedAt}`,
    detail: { instanceId: instance.id, service: instance.service, region: instance.region, zone: instance.zone, condition, ...record },
  };
}

export function conditionCleared(instance: Placed, condition: string, record: ConditionRecord, clearedAt: string, by: string): DomainEvent {
  return {
    type: 'ConditionCleared',
    dedupeKey: `${instance.id}#${condition}#${record.raisedAt}#cleared`,
    detail: { instanceId: instance.id, service: instance.service, region: instance.region, zone: instance.zone, condition, raisedAt: record.raisedAt, source: record.source, clearedAt, clearedBy: by },
  };
}

/** What an audit run's `AuditCompleted` event tells consumers (docs/EVENTS.md, docs/AUDITS.md). */
export interface AuditRunFacts {
  runId: string;
  startedAt: string;
  finishedAt: string;
  instancesAudited: number;
  instancesPassing: number;
  passRatePct: number;
  findings: number;
  urgentInstances: number;
  conditionsRaised: number;
  bySeverity: Record<string, number>;
}

/** An audit run finished: every segment of the fleet was audited and the run's summary is stored. */
export function auditCompleted(run: AuditRunFacts): DomainEvent {
  return { type: 'AuditCompleted', dedupeKey: `audit#${run.runId}`, detail: { ...run } };
}

/** Which remediation task an event is about, and where its instance is. */
export interface RemediationFacts {
  taskId: string;
  instanceId: string;
  service: string;
  region: string;
  zone: string;
  condition: string;
  playbook: string;
  at: string;
}

/** One step of a playbook as it came out (the playbooks' `StepSummary`). */
export interface TriedStep {
  step: string;
  attempts: number;
  outcome: string;
  lastReason?: string;
}

/** A remediation task performed its first action on the fleet. */
export function remediationStarted(facts: RemediationFacts & { step: string; attempt: number; idempotencyKey: string }): DomainEvent {
  return { type: 'RemediationStarted', dedupeKey: `${facts.taskId}#started`, detail: { ...facts } };
}

/** A remediation task's step was verified (a probe after acting met every requirement): the condition is fixed. */
export function remediationSucceeded(facts: RemediationFacts & { step: string; result: string; tried: readonly TriedStep[]; durationMs: number }): DomainEvent {
  return { type: 'RemediationSucceeded', dedupeKey: `${facts.taskId}#succeeded`, detail: { ...facts } };
}

/** A remediation task stopped without fixing the condition: escalated (playbook exhausted) or failed (could not run). */
export function remediationFailed(
  facts: RemediationFacts & {
    status: 'escalated' | 'failed';
    reason: string;
    tried: readonly TriedStep[];
    durationMs: number;
    /** The incident whose page covers this one (a mass event in its scope). */
    incidentId?: string;
    /** The task whose page, still open for this instance, covers this one. */
    escalationTaskId?: string;
  },
): DomainEvent {
  return { type: 'RemediationFailed', dedupeKey: `${facts.taskId}#failed`, detail: { ...facts } };
}

/**
 * Automation stopped and a human must act: one per instance (a task escalated), per incident (a mass event) or
 * per circuit-breaker opening. `summary` is the pager's one line; `dedupeKey` is its deduplication key.
 */
export type EscalationFacts =
  | (RemediationFacts & { kind: 'instance'; severity: 'critical' | 'warning'; summary: string; reason: string; tried: readonly TriedStep[] })
  | { kind: 'incident'; severity: 'critical'; summary: string; incidentId: string; scope: Record<string, string>; failed: number; population: number; windowStart: string; at: string }
  | { kind: 'breaker'; severity: 'critical'; summary: string; playbook: string; at: string }
  | { kind: 'detection'; severity: 'critical'; summary: string; since: string; reasons: readonly string[]; at: string };

export function escalationRaised(facts: EscalationFacts, dedupeKey: string): DomainEvent {
  return { type: 'EscalationRaised', dedupeKey, detail: { ...facts } };
}

/** Detection holds: Fleetwarden cannot trust what it has processed (behind, unmeasured, after a gap, implausible silence). */
export function detectionHeld(state: DetectionState, summary: string): DomainEvent {
  const hold = state.hold;
  return {
    type: 'DetectionHeld',
    dedupeKey: `detection#${hold?.since ?? 'none'}#held`,
    detail: { ...hold, heldServices: heldServicesOf(state.scopes), scopes: state.scopes, summary },
  };
}

/** The hold that started at `hold.since` is over: detection judges silence again. */
export function detectionResumed(hold: DetectionHold, now: Date, scopes: readonly HeldScope[]): DomainEvent {
  const heldForSeconds = Math.round((now.getTime() - Date.parse(hold.since)) / 1000);
  return {
    type: 'DetectionResumed',
    dedupeKey: `detection#${hold.since}#resumed`,
    detail: { since: hold.since, resumedAt: now.toISOString(), heldForSeconds, reasons: hold.reasons, judgedScopes: scopes.filter(isJudged) },
  };
}

/** What an engineer did through break glass (docs/SECURITY.md); the stack routes it to the alerts topic. */
export interface BreakGlassFacts {
  requestId: string;
  at: string;
  principal: string;
  command: string;
  input: unknown;
  ticket: string;
  reason: string;
  what: string;
}

export function breakGlassUsed(facts: BreakGlassFacts): DomainEvent {
  return { type: 'BreakGlassUsed', dedupeKey: `break-glass#${facts.requestId}`, detail: { ...facts } };
}

/** A freeze wider than one instance: automation stops acting in a service, a zone or the whole fleet. */
export function freezeCreated(freeze: { id: string; scope: Record<string, unknown>; actor: unknown; reason: string; createdAt: string; expiresAt: string }): DomainEvent {
  return { type: 'FreezeCreated', dedupeKey: `freeze#${freeze.id}`, detail: { ...freeze } };
}

/** An engineer released a mass-event incident: automation may replace in its scope again. */
export function incidentReleased(incident: { id: string; scope: unknown; releasedBy?: unknown; releasedAt?: string; note?: string }): DomainEvent {
  return {
    type: 'IncidentReleased',
    dedupeKey: `incident#${incident.id}#released`,
    detail: { incidentId: incident.id, scope: incident.scope, releasedBy: incident.releasedBy, releasedAt: incident.releasedAt, note: incident.note },
  };
}
