/**
 * Planning: a raised condition becomes one remediation task, stored with its agenda entry and sent to the
 * workers. The task id comes from the instance, the condition and the cause (the condition's dedupeKey), so a
 * redelivered event, a duplicated alarm or an overlapping sweep finds the task already there and sends nothing.
 */
import type { Cause, ConditionRecord, Instance } from '../../domain/instance.ts';
import { planRemediation } from '../../domain/playbooks/plan.ts';
import { recordOutcome } from '../../domain/playbooks/record-outcome.ts';
import { after, type AgendaEntry } from '../../domain/remediation/agenda.ts';
import type { ConditionRaisedDetail } from '../../schemas/remediation.ts';
import type { PlannerDeps } from './deps.ts';
import type { StoredTask } from './ports.ts';

export type PlanOutcome =
  | { outcome: 'planned' | 'duplicate'; taskId: string; summary: string; notBefore?: string }
  | { outcome: 'no-playbook' | 'out-of-service' | 'not-raised'; reason: string };

export async function planFromCondition(deps: PlannerDeps, raised: ConditionRaisedDetail): Promise<PlanOutcome> {
  const instance = await deps.store.get(raised.instanceId);
  const record = instance.conditions?.[raised.condition];
  if (record?.raisedAt !== raised.raisedAt) {
    return { outcome: 'not-raised', reason: `${raised.condition} raised at ${raised.raisedAt} is no longer raised on ${instance.id}` };
  }
  return planCondition(deps, instance, raised.condition, record, { kind: 'condition', id: raised.dedupeKey });
}

/** Plans `condition` as raised (`record`) on `instance`, for `cause`; created once, sent by its creator only. */
export async function planCondition(deps: PlannerDeps, instance: Instance, condition: string, record: ConditionRecord, cause: Cause): Promise<PlanOutcome> {
  const now = deps.clock();
  const plan = planRemediation({ condition, instance, cause, dryRun: record.dryRun === true }, now, deps.playbooks);
  if (plan.kind !== 'plan') return { outcome: plan.kind, reason: plan.reason };
  const notBefore = record.notBefore !== undefined && Date.parse(record.notBefore) > now.getTime() ? record.notBefore : undefined;
  const task = notBefore === undefined
    ? plan.task
    : recordOutcome(plan.task, { kind: 'waiting', reason: `not before ${notBefore} (${record.source})` }, now);
  const entry: AgendaEntry = {
    taskId: task.id,
    instanceId: instance.id,
    reason: notBefore === undefined ? 'queued' : 'not-before',
    dueAt: notBefore ?? after(now, deps.settings.timings.resendAfterSeconds),
  };
  const stored: StoredTask = { task, placement: { service: instance.service, zone: instance.zone, region: instance.region } };
  const created = await deps.tasks.create(stored, entry);
  if (created === 'created' && notBefore === undefined) await deps.queue.send([{ taskId: task.id }]);
  return { outcome: created === 'created' ? 'planned' : 'duplicate', taskId: task.id, summary: plan.summary, ...(notBefore ? { notBefore } : {}) };
}
