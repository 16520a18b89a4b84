/**
 * The remediation worker's use case: one queue message moves one task on. The run takes the instance's lease
 * first; a second delivery of the same task while a run holds it is a duplicate and does nothing, and a task
 * of another condition on the same instance waits its turn. What the run leaves to do later goes back on the
 * queue (delayed) after the lease is released, and stays on the agenda in case that message is lost. That
 * delayed message carries a continuation token, and a delivery that is not the task's current continuation
 * (an SQS duplicate, a late nudge) is dropped, so one probe chain runs however often work is delivered.
 */
import { describeError, isPermanent } from '../../domain/errors.ts';
import { recordOutcome } from '../../domain/playbooks/record-outcome.ts';
import { currentAttempt, TERMINAL_STATUSES, type TaskStatus } from '../../domain/playbooks/task.ts';
import { after } from '../../domain/remediation/agenda.ts';
import { supersededDelivery } from '../../domain/remediation/continuation.ts';
import { AbandonFailedError, TaskNotFoundError } from '../../domain/remediation/errors.ts';
import { advance } from './advance.ts';
import type { WorkerDeps } from './deps.ts';
import { abandon } from './finish.ts';
import { TaskRun, type Next, type RunOptions } from './run.ts';
import type { StoredTask, TaskMessage } from './ports.ts';

export type RunResult =
  | { outcome: 'done' | 'duplicate' | 'busy' | 'superseded'; status: TaskStatus }
  | { outcome: Next['kind']; status: TaskStatus };

export async function runRemediation(deps: WorkerDeps, taskId: string, options: RunOptions): Promise<RunResult> {
  const memo = deps.ended.get(taskId);
  if (memo !== undefined) return { outcome: 'done', status: memo };
  const stored = await deps.tasks.find(taskId);
  if (stored === undefined) throw new TaskNotFoundError(taskId);
  const { instanceId, status } = stored.task;
  if (TERMINAL_STATUSES.has(status)) {
    deps.ended.add(taskId, status);
    return { outcome: 'done', status };
  }
  if (supersededDelivery(stored.continuation, options.continuation, deps.clock())) return { outcome: 'superseded', status };
  const startedAt = deps.clock().getTime();
  const lease = await deps.leases.acquire(instanceId, taskId, options.token, startedAt, options.leaseMs);
  if (lease.kind === 'running') return { outcome: 'duplicate', status };
  if (lease.kind === 'owned') return waitForOwner(deps, stored, lease);
  // What was read before the lease may be stale: a run that just ended could have moved the task on.
  const current = await deps.tasks.find(taskId);
  if (current === undefined || TERMINAL_STATUSES.has(current.task.status)) {
    await deps.leases.release(instanceId, options.token);
    if (current !== undefined) deps.ended.add(taskId, current.task.status);
    return { outcome: 'done', status: current?.task.status ?? status };
  }
  // A run that ended while this one waited for the lease may have issued a continuation meanwhile.
  if (supersededDelivery(current.continuation, options.continuation, deps.clock())) {
    await deps.leases.release(instanceId, options.token, keepFor(current, options));
    return { outcome: 'superseded', status: current.task.status };
  }
  const run = new TaskRun(deps, current, options);
  let next: Next;
  try {
    next = await advance(run);
  } catch (error) {
    const unabandoned = isPermanent(error) ? await abandon(run, describeError(error), deps.clock()).then(() => undefined, (e: unknown) => e) : undefined;
    // Keep the instance for this task a little longer, so its retry is not overtaken by another task.
    await deps.leases.release(instanceId, options.token, startedAt + 2 * options.leaseMs);
    throw unabandoned === undefined ? error : new AbandonFailedError(taskId, error, unabandoned);
  }
  const keepUntil = next.kind === 'continue' ? Date.parse(after(deps.clock(), next.delaySeconds)) + options.leaseMs : undefined;
  await deps.leases.release(instanceId, options.token, keepUntil);
  if (next.kind === 'continue') await deps.queue.send([continuationOf(run, next.delaySeconds)]);
  else await wakeWaiters(deps, instanceId, taskId);
  if (TERMINAL_STATUSES.has(run.task.status)) deps.ended.add(taskId, run.task.status);
  return { outcome: next.kind, status: run.task.status };
}

/** The delayed message that continues the task, with the token this run saved (none if it saved none: out of time). */
function continuationOf(run: TaskRun, delaySeconds: number): TaskMessage {
  const continuation = run.issuedContinuation;
  return { taskId: run.task.id, delaySeconds, ...(continuation === undefined ? {} : { continuation }) };
}

/** A dropped delivery leaves the instance to the continuation on its way: owned until it is due, and a run's length. */
function keepFor(stored: StoredTask, options: RunOptions): number | undefined {
  const dueAt = stored.continuation?.dueAt;
  return dueAt === undefined ? undefined : Date.parse(dueAt) + options.leaseMs;
}

/** The instance is free again: its other tasks that waited for it go on now, not at the next tick. */
async function wakeWaiters(deps: WorkerDeps, instanceId: string, taskId: string): Promise<void> {
  const others = (await deps.tasks.instanceTaskIds(instanceId, 20)).filter((id) => id !== taskId);
  if (others.length === 0) return;
  const waiting = (await deps.tasks.findMany(others)).filter((t) => t.task.blocked?.kind === 'wait' && !TERMINAL_STATUSES.has(t.task.status));
  if (waiting.length > 0) await deps.queue.send(waiting.map((t) => ({ taskId: t.task.id })));
}

/**
 * Another task owns the instance: this one goes on when the owner ends (the owner's run wakes it), or when the
 * owner's hold lapses. A task that has not acted yet records why it waits; one that has is left as it is.
 */
async function waitForOwner(deps: WorkerDeps, stored: StoredTask, lease: { owner: string; until: number }): Promise<RunResult> {
  const { task } = stored;
  const now = deps.clock();
  if (currentAttempt(task)?.actedAt !== undefined) return { outcome: 'busy', status: task.status };
  const reason = `waiting: ${task.instanceId} is being remediated by task ${lease.owner}; one remediation per instance at a time`;
  const next = recordOutcome(task, { kind: 'waiting', reason }, now);
  const dueAt = new Date(Math.max(lease.until, Date.parse(after(now, deps.settings.timings.waitRecheckSeconds)))).toISOString();
  const { budget: _released, ...rest } = stored;
  await deps.tasks.save({ previous: stored, next: { ...rest, task: next }, agenda: { taskId: task.id, instanceId: task.instanceId, reason: 'waiting', dueAt } });
  return { outcome: 'busy', status: next.status };
}
