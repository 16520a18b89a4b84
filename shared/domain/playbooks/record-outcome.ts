import { ValidationError } from '../errors.ts';
import type { ActionReceipt } from '../fleet.ts';
import type { ActDecision, MoveDecision, SkipStepDecision } from './decision.ts';
import { recordProbe } from './record-probe.ts';
import { currentAttempt, TERMINAL_STATUSES } from './task.ts';
import type { AttemptRecord, RemediationTask } from './task.ts';
import { closeAttempt, instant, logEntry, mismatch, touch, withCurrent } from './task-update.ts';
import type { VerificationProbe } from './verify.ts';

/** Facts the worker observed. Decisions that move the task (see `MoveDecision`) are recorded alongside. */
export type Fact =
  | { kind: 'acted'; receipt: ActionReceipt }
  | { kind: 'action-failed'; reason: string }
  | { kind: 'probed'; probe: VerificationProbe }
  | { kind: 'held'; reason: string }
  | { kind: 'waiting'; reason: string }
  | { kind: 'dry-run'; reason: string; act: ActDecision }
  | { kind: 'abandoned'; reason: string };

export type Outcome = Fact | MoveDecision;

function started(task: RemediationTask, d: ActDecision, now: Date): RemediationTask {
  const current = currentAttempt(task);
  const stale = d.stepIndex !== task.stepIndex || d.attempt !== task.attempt;
  if (stale || (current !== undefined && current.outcome !== 'in-progress')) {
    throw mismatch(task, d.kind, d.stepIndex, d.attempt);
  }
  if (current !== undefined) {
    // A redelivery of the same attempt, possibly after a hold: the recorded action is the one to send.
    return task.status === 'acting' ? task : touch(task, { status: 'acting', blocked: undefined }, now);
  }
  const record: AttemptRecord = {
    ...logEntry(d.stepIndex, d.step, d.attempt, 'in-progress', now),
    action: d.action,
    verify: d.verify,
  };
  return touch(task, { status: 'acting', attempts: [...task.attempts, record], blocked: undefined }, now);
}

function successorOf(record: AttemptRecord, receipt: ActionReceipt): string | undefined {
  const promoted = record.action?.params?.['promote'];
  return receipt.newInstanceId ?? (typeof promoted === 'string' ? promoted : undefined);
}

function acted(task: RemediationTask, receipt: ActionReceipt, now: Date): RemediationTask {
  const record = currentAttempt(task);
  if (record?.outcome !== 'in-progress' || record.verify === undefined) throw mismatch(task, 'acted');
  if (record.actedAt !== undefined) return task; // the same receipt, delivered again
  const probeInstanceId = record.verify.target === 'successor' ? successorOf(record, receipt) : task.instanceId;
  if (probeInstanceId === undefined) {
    const reason = 'the provider did not name the instance that took over, so nothing can be verified';
    return withCurrent(task, closeAttempt(record, 'failed', reason, now), { status: 'pending' }, now);
  }
  const deadline = new Date(now.getTime() + record.verify.withinSeconds * 1000).toISOString();
  const actedAt = now.toISOString();
  const next: AttemptRecord = { ...record, actedAt, operationId: receipt.operationId, probeInstanceId, deadline };
  return withCurrent(task, next, { status: 'verifying' }, now);
}

function failedToAct(task: RemediationTask, reason: string, now: Date): RemediationTask {
  const record = currentAttempt(task);
  if (record?.outcome !== 'in-progress') throw mismatch(task, 'action-failed');
  return withCurrent(task, closeAttempt(record, 'failed', reason, now), { status: 'pending' }, now);
}

/** Before the provider accepted the action, safety may still hold it; afterwards there is nothing to hold. */
function assertNotActed(task: RemediationTask, kind: string): void {
  if (currentAttempt(task)?.actedAt !== undefined) throw mismatch(task, kind);
}

function blocked(task: RemediationTask, kind: 'hold' | 'wait', reason: string, now: Date): RemediationTask {
  assertNotActed(task, kind === 'hold' ? 'held' : 'waiting');
  const since = task.blocked?.kind === kind ? task.blocked.since : now.toISOString();
  return touch(task, { status: kind === 'hold' ? 'held' : 'pending', blocked: { kind, reason, since } }, now);
}

function dryRun(task: RemediationTask, reason: string, d: ActDecision, now: Date): RemediationTask {
  if (d.stepIndex !== task.stepIndex || currentAttempt(task) !== undefined) {
    throw mismatch(task, 'dry-run', d.stepIndex, d.attempt);
  }
  const record: AttemptRecord = { ...instant(d.stepIndex, d.step, d.attempt, 'dry-run', reason, now), action: d.action };
  const attempts = [...task.attempts, record];
  return touch(task, { status: 'dry-run', attempts, result: reason, blocked: undefined }, now);
}

function abandoned(task: RemediationTask, reason: string, now: Date): RemediationTask {
  const record = currentAttempt(task);
  const changes = { status: 'failed' as const, result: reason, blocked: undefined };
  if (record?.outcome !== 'in-progress') return touch(task, changes, now);
  return withCurrent(task, closeAttempt(record, 'failed', reason, now), changes, now);
}

function recordFact(task: RemediationTask, fact: Fact, now: Date): RemediationTask {
  switch (fact.kind) {
    case 'acted': return acted(task, fact.receipt, now);
    case 'action-failed': return failedToAct(task, fact.reason, now);
    case 'probed': return recordProbe(task, fact.probe, now);
    case 'held': return blocked(task, 'hold', fact.reason, now);
    case 'waiting': return blocked(task, 'wait', fact.reason, now);
    case 'dry-run': return dryRun(task, fact.reason, fact.act, now);
    case 'abandoned': return abandoned(task, fact.reason, now);
  }
}

type Move = Exclude<MoveDecision, ActDecision>;
const MOVES: ReadonlySet<string> = new Set<Move['kind']>(['retry-step', 'advance', 'skip-step', 'succeed', 'escalate']);
const isMove = (outcome: Outcome): outcome is Move => MOVES.has(outcome.kind);

function skipped(task: RemediationTask, d: SkipStepDecision, now: Date): RemediationTask {
  if (d.stepIndex !== task.stepIndex) throw mismatch(task, d.kind, d.stepIndex, task.attempt);
  const attempts = [...task.attempts, instant(d.stepIndex, d.step, task.attempt, 'skipped', d.reason, now)];
  return touch(task, { stepIndex: d.stepIndex + 1, attempt: 1, status: 'pending', attempts, blocked: undefined }, now);
}

function recordMove(task: RemediationTask, d: Move, now: Date): RemediationTask {
  switch (d.kind) {
    case 'retry-step':
      if (d.stepIndex !== task.stepIndex || d.attempt !== task.attempt + 1) {
        throw mismatch(task, d.kind, d.stepIndex, d.attempt);
      }
      return touch(task, { attempt: d.attempt, status: 'pending' }, now);
    case 'advance':
      if (d.stepIndex !== task.stepIndex + 1) throw mismatch(task, d.kind, d.stepIndex, 1);
      return touch(task, { stepIndex: d.stepIndex, attempt: 1, status: 'pending' }, now);
    case 'skip-step':
      return skipped(task, d, now);
    case 'succeed':
      if (d.stepIndex !== task.stepIndex || currentAttempt(task)?.outcome !== 'verified') {
        throw mismatch(task, d.kind, d.stepIndex, task.attempt);
      }
      return touch(task, { status: 'succeeded', result: d.reason, blocked: undefined }, now);
    case 'escalate':
      return touch(task, { status: 'escalated', result: d.reason, blocked: undefined }, now);
  }
}

/**
 * Records what happened and returns the new task (version + 1). Pure. Facts come from the provider
 * and from safety; decisions from `nextAction` are recorded as they are. An action that "succeeded"
 * counts only once a probe verifies it: until then the attempt is in progress, and once the deadline
 * passes unverified it is a failed attempt.
 *
 * @throws ValidationError when the outcome does not fit the task (a stale decision, a probe of the wrong
 *   instance, or anything recorded on a task that already ended).
 */
export function recordOutcome(task: RemediationTask, outcome: Outcome, now: Date): RemediationTask {
  if (TERMINAL_STATUSES.has(task.status)) {
    const issue = `task ${task.id} is ${task.status}; ${outcome.kind} cannot be recorded`;
    throw new ValidationError('remediation outcome', [issue]);
  }
  if (outcome.kind === 'act') return started(task, outcome, now);
  if (isMove(outcome)) return recordMove(task, outcome, now);
  return recordFact(task, outcome, now);
}
