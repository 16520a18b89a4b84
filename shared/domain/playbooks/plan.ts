import { createHash } from 'node:crypto';
import { causeKey } from '../instance.ts';
import { LEAVING_SERVICE } from '../lifecycle.ts';
import type { Cause, ConditionName, Instance } from '../instance.ts';
import type { PlaybookSet } from './registry.ts';
import type { RemediationTask } from './task.ts';
import type { Playbook } from './types.ts';

export interface PlanRequest {
  condition: ConditionName;
  instance: Instance;
  /** What raised the condition (alarm, sweep, audit finding, engineer); it makes the task id. */
  cause: Cause;
  /** Plan and record, but never act (per-task dry run, e.g. `warden remediate --dry-run`). */
  dryRun?: boolean;
}

export interface RemediationPlan {
  kind: 'plan';
  task: RemediationTask;
  playbook: Playbook;
  /** One line for logs and `warden remediate`: "down on pg-1: restart -> failover -> replace -> page". */
  summary: string;
}

/** No playbook answers the condition, or the instance is no longer in service: nothing to do. */
export interface NoPlaybook {
  kind: 'no-playbook' | 'out-of-service';
  condition: ConditionName;
  reason: string;
}

/** Same instance, condition and cause: same id. A short hash keeps provider idempotency keys short. */
export function remediationTaskId(instanceId: string, condition: ConditionName, cause: Cause): string {
  const digest = createHash('sha256').update(`${instanceId}\n${condition}\n${causeKey(cause)}`).digest('hex');
  return `rt-${digest.slice(0, 24)}`;
}

/**
 * Turns a raised condition into a new remediation task at its first step. Pure: the caller stores the
 * task (conditionally, so a redelivered cause finds the task already there) and queues it.
 *
 * @example
 *   const plan = planRemediation({ condition: 'down', instance, cause }, now, loadPlaybooks());
 *   if (plan.kind === 'plan') await store.createTask(plan.task);
 */
export function planRemediation(request: PlanRequest, now: Date, playbooks: PlaybookSet): RemediationPlan | NoPlaybook {
  const { condition, instance, cause } = request;
  const playbook = playbooks.byCondition.get(condition);
  if (playbook === undefined) {
    return { kind: 'no-playbook', condition, reason: `no playbook answers condition "${condition}"` };
  }
  if (LEAVING_SERVICE.has(instance.state)) {
    return { kind: 'out-of-service', condition, reason: `${instance.id} is ${instance.state}: it is leaving service` };
  }
  const at = now.toISOString();
  const steps = playbook.steps.map((s) => s.kind);
  const task: RemediationTask = {
    id: remediationTaskId(instance.id, condition, cause),
    instanceId: instance.id,
    condition,
    playbook: playbook.name,
    steps,
    stepIndex: 0,
    attempt: 1,
    status: 'pending',
    attempts: [],
    cause,
    dryRun: request.dryRun ?? false,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  return { kind: 'plan', task, playbook, summary: `${condition} on ${instance.id}: ${steps.join(' -> ')}` };
}
