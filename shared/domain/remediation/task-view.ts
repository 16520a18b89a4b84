/** Reading a remediation task: what it is doing now, in one line, and which attempts just ended. */
import { currentAttempt } from '../playbooks/task.ts';
import type { AttemptRecord, RemediationTask } from '../playbooks/task.ts';
import type { OutcomeSample } from '../safety/breaker.ts';

/**
 * One line for `warden tasks`: what the task is doing or why it is not moving.
 *
 * @example describeTask(task) // "verifying restart (attempt 1), until 2025-03-01T10:03:00.000Z: healthy is false"
 */
export function describeTask(task: RemediationTask): string {
  if (task.result !== undefined && ['succeeded', 'failed', 'escalated', 'dry-run'].includes(task.status)) return task.result;
  if (task.blocked !== undefined) return task.blocked.reason;
  const step = task.steps[task.stepIndex] ?? 'page';
  const record = currentAttempt(task);
  if (task.status === 'verifying' && record !== undefined) {
    const unmet = record.lastProbe === undefined ? '' : `: ${record.lastProbe.unmet}`;
    return `verifying ${step} (attempt ${task.attempt}), until ${record.deadline ?? '?'}${unmet}`;
  }
  if (task.status === 'acting') return `acting: ${step} (attempt ${task.attempt})`;
  return `next: ${step} (attempt ${task.attempt})`;
}

const sameAttempt = (a: AttemptRecord, b: AttemptRecord) => a.stepIndex === b.stepIndex && a.attempt === b.attempt;
const finished = (a: AttemptRecord) => a.outcome === 'verified' || a.outcome === 'failed';

/**
 * Attempts that ended (verified or failed) between `before` and `after`: the samples of the playbook's
 * circuit breaker. Skipped steps and dry runs are not samples.
 */
export function attemptsEnded(before: RemediationTask, after: RemediationTask): (OutcomeSample & { ref: string })[] {
  return after.attempts
    .filter((record) => finished(record) && !before.attempts.some((old) => sameAttempt(old, record) && finished(old)))
    .map((record) => ({
      at: record.endedAt ?? after.updatedAt,
      ok: record.outcome === 'verified',
      ref: `${after.id}#${record.stepIndex}#${record.attempt}`,
    }));
}

/** Whether `after` is the first time this task acted: remediation has started. */
export function startedActing(before: RemediationTask, after: RemediationTask): boolean {
  return before.attempts.every((a) => a.action === undefined || a.outcome === 'dry-run') &&
    after.status === 'acting' && after.attempts.some((a) => a.outcome === 'in-progress' && a.action !== undefined);
}
