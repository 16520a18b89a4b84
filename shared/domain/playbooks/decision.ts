import type { FleetAction, FleetActionKind } from '../fleet.ts';
import type { LifecycleState } from '../instance.ts';
import type { TaskStatus } from './task.ts';
import type { HealthRequirement, PageSeverity, StepKind, VerifySpec } from './types.ts';

/**
 * `settle`, where present, is the lifecycle state the remediated instance must now move to because
 * the step it was in ended (e.g. `restart` -> `unavailable` after a failed restart, `retiring` after a
 * verified replacement). `null`: leave it where it is.
 */
type Settle = { settle: LifecycleState | null };

/** Perform `action` after moving the instance to `enter` (when not null). Record it first (see README). */
export interface ActDecision {
  kind: 'act';
  step: FleetActionKind;
  stepIndex: number;
  attempt: number;
  action: FleetAction;
  enter: LifecycleState | null;
  verify: VerifySpec;
  reason: string;
}

/** Probe `instanceId`; the step counts only if the probe meets `require`. Give up at `deadline`. */
export interface VerifyDecision {
  kind: 'verify';
  step: FleetActionKind;
  stepIndex: number;
  attempt: number;
  instanceId: string;
  require: readonly HealthRequirement[];
  deadline: string;
  reason: string;
}

export interface SucceedDecision extends Settle {
  kind: 'succeed';
  step: FleetActionKind;
  stepIndex: number;
  reason: string;
}

/** The attempt failed and attempts remain: `attempt` is the new attempt number. */
export interface RetryStepDecision extends Settle {
  kind: 'retry-step';
  step: FleetActionKind;
  stepIndex: number;
  attempt: number;
  reason: string;
}

/** Move on to step `stepIndex` (`to`): the previous step was exhausted, or verified with work left. */
export interface AdvanceDecision extends Settle {
  kind: 'advance';
  from: StepKind;
  to: StepKind;
  stepIndex: number;
  reason: string;
}

/** A precondition failed: the step is recorded as skipped with `reason`, and the next step follows. */
export interface SkipStepDecision {
  kind: 'skip-step';
  step: StepKind;
  stepIndex: number;
  reason: string;
}

/** What one step of the playbook came to, for escalations and `warden tasks`. */
export interface StepSummary {
  step: StepKind;
  attempts: number;
  outcome: 'verified' | 'failed' | 'skipped';
  lastReason?: string;
}

/** Page a human: the playbook is exhausted or stopped. `reason` says what was tried and why it stopped. */
export interface EscalateDecision extends Settle {
  kind: 'escalate';
  severity: PageSeverity;
  tried: StepSummary[];
  reason: string;
}

/**
 * Nothing is left to remedy: the instance left service (replaced, retired) while the task waited. The task ends
 * quietly, without a page: paging a human about an instance that is gone wakes someone for nothing.
 */
export interface ObsoleteDecision {
  kind: 'obsolete';
  reason: string;
}

/** The task already ended; a redelivered message has nothing to do. */
export interface DoneDecision {
  kind: 'done';
  status: TaskStatus;
}

export type Decision =
  | ActDecision
  | VerifyDecision
  | SucceedDecision
  | RetryStepDecision
  | AdvanceDecision
  | SkipStepDecision
  | EscalateDecision
  | ObsoleteDecision
  | DoneDecision;

/** Decisions that move the task; the worker records them by passing them to `recordOutcome`. */
export type MoveDecision =
  | ActDecision
  | SucceedDecision
  | RetryStepDecision
  | AdvanceDecision
  | SkipStepDecision
  | EscalateDecision;
