/**
 * How a task ends. Side effects (clearing the condition, events, pages) come before the final save: if the run
 * dies in between, the redelivery does them again (same dedupeKeys), so they happen at least once, never not at all.
 */
import { remediationFailed, remediationSucceeded } from '../../domain/events.ts';
import type { ActDecision, EscalateDecision, SucceedDecision } from '../../domain/playbooks/decision.ts';
import type { ConditionRecord } from '../../domain/instance.ts';
import { recordOutcome } from '../../domain/playbooks/record-outcome.ts';
import { describeTried, summarizeAttempts } from '../../domain/playbooks/summary.ts';
import { clearCondition } from '../conditions.ts';
import { describeFold, foldFacts, raiseEscalation, type EscalationPage } from './escalation.ts';
import type { Next, TaskRun } from './run.ts';

const ENDED: Next = { kind: 'ended' };

function durationMs(run: TaskRun, now: Date): number {
  return Math.max(0, now.getTime() - Date.parse(run.task.createdAt));
}

export async function succeed(run: TaskRun, d: SucceedDecision, now: Date): Promise<Next> {
  const { deps, task } = run;
  const placed = { id: task.instanceId, ...run.stored.placement };
  await clearCondition(deps, placed, task.condition, `remediation:${task.id}`);
  const tried = summarizeAttempts(task);
  await deps.events.publish([remediationSucceeded({ ...run.facts(now), step: d.step, result: d.reason, tried, durationMs: durationMs(run, now) })]);
  await run.save(recordOutcome(task, d, now), undefined);
  return ENDED;
}

/**
 * The playbook is exhausted or stopped: a page, unless the instance's open escalation or a mass-event incident
 * covering it paged already (escalation.ts).
 */
export async function escalate(run: TaskRun, d: EscalateDecision, now: Date): Promise<Next> {
  const { task } = run;
  const summary = `${task.condition} on ${task.instanceId} needs a human: ${d.reason}`;
  const reason = await pageAndFail(run, 'escalated', { severity: d.severity, summary, reason: d.reason, tried: d.tried }, now);
  await run.save(recordOutcome(task, { ...d, reason }, now), undefined);
  return ENDED;
}

/** The task cannot run (its playbook is gone, the instance is unknown, a permanent failure): fail it and page, as `escalate` does. */
export async function abandon(run: TaskRun, why: string, now: Date): Promise<Next> {
  const { task } = run;
  const tried = summarizeAttempts(task);
  const stopped = `remediation could not continue: ${why}. Tried: ${describeTried(tried)}`;
  const summary = `${task.condition} on ${task.instanceId}: ${stopped}`;
  const reason = await pageAndFail(run, 'failed', { severity: 'critical', summary, reason: stopped, tried }, now);
  await run.save(recordOutcome(task, { kind: 'abandoned', reason }, now), undefined);
  return ENDED;
}

/** Pages (or folds the page), publishes RemediationFailed, and returns the task's final reason. */
async function pageAndFail(run: TaskRun, status: 'escalated' | 'failed', page: EscalationPage, now: Date): Promise<string> {
  const folded = await raiseEscalation(run, page, now);
  const reason = folded === undefined ? page.reason : `${page.reason}; ${describeFold(folded, run.task.instanceId)}`;
  await run.deps.events.publish([
    remediationFailed({ ...run.facts(now), status, reason, tried: page.tried, durationMs: durationMs(run, now), ...foldFacts(folded) }),
  ]);
  return reason;
}

/**
 * Nothing left to remedy, so stop quietly: the condition cleared by itself before the next action (heartbeats
 * resumed, an engineer fixed it), or the instance left service (`reason` from the playbook's decision).
 */
export async function obsolete(run: TaskRun, now: Date, why?: string): Promise<Next> {
  const { task } = run;
  const tried = describeTried(summarizeAttempts(task));
  const reason = why ?? `obsolete: ${task.condition} on ${task.instanceId} cleared before the next action. Tried: ${tried}`;
  await run.save(recordOutcome(task, { kind: 'abandoned', reason }, now), undefined, { resolution: 'obsolete' });
  return ENDED;
}

/**
 * Dry run: the action is recorded as "would do" and nothing is performed. A condition raised only for this dry
 * run (`warden remediate --dry-run`) is cleared with it, so that it does not stand in the way of a real one.
 * A task ended by the fleet's or its playbook's dry run is noted with the task, so that its condition is planned
 * afresh once dry run is off (after-dry-run.ts).
 */
export async function dryRun(run: TaskRun, d: ActDecision, reason: string, condition: ConditionRecord | undefined, now: Date): Promise<Next> {
  const { deps, task } = run;
  if (task.dryRun && condition?.dryRun === true) {
    const placed = { id: task.instanceId, ...run.stored.placement };
    await clearCondition(deps, placed, task.condition, `remediation:${task.id}`, condition.source);
  }
  const { id: taskId, instanceId, playbook } = task;
  const noted = !task.dryRun && condition !== undefined
    ? { dryRunEnded: { taskId, instanceId, condition: task.condition, playbook, raisedAt: condition.raisedAt, endedAt: now.toISOString() } }
    : {};
  await run.save(recordOutcome(task, { kind: 'dry-run', reason, act: d }, now), undefined, noted);
  return ENDED;
}
