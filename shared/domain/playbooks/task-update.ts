import { ValidationError } from '../errors.ts';
import type { AttemptOutcome, AttemptRecord, RemediationTask } from './task.ts';
import type { StepKind } from './types.ts';

type Changes = { [K in keyof RemediationTask]?: RemediationTask[K] | undefined };

/**
 * A new task with `changes` applied, its version bumped and `updatedAt` set. Fields set to undefined
 * are removed rather than kept as `undefined`, so the record marshals cleanly into DynamoDB.
 */
export function touch(task: RemediationTask, changes: Changes, now: Date): RemediationTask {
  const next: Record<string, unknown> = { ...task, ...changes, version: task.version + 1, updatedAt: now.toISOString() };
  for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
  return next as unknown as RemediationTask;
}

/** A new log entry that starts now. */
export function logEntry(
  stepIndex: number,
  step: StepKind,
  attempt: number,
  outcome: AttemptOutcome,
  now: Date,
): AttemptRecord {
  return { stepIndex, step, attempt, outcome, startedAt: now.toISOString() };
}

/** A log entry for something decided in an instant: a skipped step, a dry run. */
export function instant(
  stepIndex: number,
  step: StepKind,
  attempt: number,
  outcome: AttemptOutcome,
  reason: string,
  now: Date,
): AttemptRecord {
  const at = now.toISOString();
  return { stepIndex, step, attempt, outcome, reason, startedAt: at, endedAt: at, durationMs: 0 };
}

/** Replaces the log entry of the current attempt (always the last one for it) and applies `changes`. */
export function withCurrent(task: RemediationTask, record: AttemptRecord, changes: Changes, now: Date): RemediationTask {
  const sameAttempt = (a: AttemptRecord) => a.stepIndex === record.stepIndex && a.attempt === record.attempt;
  const index = task.attempts.findLastIndex(sameAttempt);
  const attempts = task.attempts.map((a, i) => (i === index ? record : a));
  return touch(task, { ...changes, attempts }, now);
}

/** Ends an attempt with its outcome, reason and duration (from the start of the attempt). */
export function closeAttempt(
  record: AttemptRecord,
  outcome: AttemptOutcome,
  reason: string | undefined,
  now: Date,
): AttemptRecord {
  const closed: AttemptRecord = {
    ...record,
    outcome,
    endedAt: now.toISOString(),
    durationMs: Math.max(0, now.getTime() - Date.parse(record.startedAt)),
  };
  if (reason !== undefined) closed.reason = reason;
  return closed;
}

/** A stale or misdirected outcome: the task moved on since the decision was taken. */
export function mismatch(task: RemediationTask, kind: string, stepIndex?: number, attempt?: number): ValidationError {
  const claimed = stepIndex === undefined ? '' : ` for step ${stepIndex} attempt ${attempt ?? '?'}`;
  return new ValidationError('remediation outcome', [
    `${kind}${claimed} does not fit task ${task.id}, ` +
      `which is ${task.status} at step ${task.stepIndex} attempt ${task.attempt}`,
  ]);
}
