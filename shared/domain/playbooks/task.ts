import type { FleetAction } from '../fleet.ts';
import type { Cause, ConditionName } from '../instance.ts';
import type { StepKind, VerifySpec } from './types.ts';

/** See README.md for the state machine. Terminal: succeeded, failed, escalated, dry-run. */
export const TASK_STATUSES = [
  'pending',
  'acting',
  'verifying',
  'succeeded',
  'failed',
  'escalated',
  'held',
  'dry-run',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(['succeeded', 'failed', 'escalated', 'dry-run']);

/** `in-progress` until verified or failed; `skipped` and `dry-run` entries record a step that did not act. */
export type AttemptOutcome = 'in-progress' | 'verified' | 'failed' | 'skipped' | 'dry-run';

/** One entry of the task's log: one attempt at one step (or the reason it was skipped). */
export interface AttemptRecord {
  stepIndex: number;
  step: StepKind;
  attempt: number;
  outcome: AttemptOutcome;
  reason?: string;
  startedAt: string;
  endedAt?: string;
  durationMs?: number;
  /** The exact action sent, so that a redelivery re-sends the same one. */
  action?: FleetAction;
  verify?: VerifySpec;
  /** When the provider accepted the action; the verification deadline counts from here. */
  actedAt?: string;
  operationId?: string;
  /** The instance the probe must look at: the remediated one, or its successor. */
  probeInstanceId?: string;
  deadline?: string;
  /** The last probe that did not (yet) verify, and why. */
  lastProbe?: { at: string; unmet: string };
}

/** Why a task is not moving: held (freeze, incident, breaker) or waiting (blast-radius budget). */
export interface Blocked {
  kind: 'hold' | 'wait';
  reason: string;
  since: string;
}

export interface RemediationTask {
  /** Deterministic from instance, condition and cause: a redelivered alarm plans the same task. */
  id: string;
  instanceId: string;
  condition: ConditionName;
  playbook: string;
  /** The playbook's step kinds when the task was planned; a deploy that changes them escalates the task. */
  steps: readonly StepKind[];
  stepIndex: number;
  attempt: number;
  status: TaskStatus;
  attempts: readonly AttemptRecord[];
  cause: Cause;
  dryRun: boolean;
  blocked?: Blocked;
  /** Why the task ended (succeeded, escalated, failed, dry-run). */
  result?: string;
  /** Incremented by every recorded outcome, so that the store can write conditionally. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** `${taskId}:${step}:${attempt}`: the same attempt always carries the same key, however often it is sent. */
export function idempotencyKey(taskId: string, step: StepKind, attempt: number): string {
  return `${taskId}:${step}:${attempt}`;
}

/** The log entry of the task's current attempt, if it has started. */
export function currentAttempt(task: RemediationTask): AttemptRecord | undefined {
  return task.attempts.findLast((a) => a.stepIndex === task.stepIndex && a.attempt === task.attempt);
}

/** Steps this task verified, in order; preconditions read it (e.g. "failed over already"). */
export function verifiedSteps(task: RemediationTask): StepKind[] {
  return task.attempts.filter((a) => a.outcome === 'verified').map((a) => a.step);
}
