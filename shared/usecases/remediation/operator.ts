/**
 * What engineers do to remediation through the operator function: read tasks, raise a condition by hand,
 * freeze and unfreeze (break glass), release or resolve incidents. Every change names its actor and reason.
 */
import { ValidationError } from '../../domain/errors.ts';
import { freezeCreated, incidentReleased } from '../../domain/events.ts';
import type { Actor, ConditionRecord } from '../../domain/instance.ts';
import { TERMINAL_STATUSES, type TaskStatus } from '../../domain/playbooks/task.ts';
import { remediationTaskId } from '../../domain/playbooks/plan.ts';
import { afterDryRunCause } from '../../domain/remediation/after-dry-run.ts';
import { parseExpiry, parseFreezeScope } from '../../domain/remediation/scope.ts';
import { describeTask } from '../../domain/remediation/task-view.ts';
import { validateFreeze, type FreezeConfig } from '../../domain/safety/freeze.ts';
import { releaseIncident, resolveIncident } from '../../domain/safety/incident.ts';
import { clearCondition, raiseCondition, type ConditionDeps } from '../conditions.ts';
import type { FreezePort, FreezeRecord, IncidentPort, IncidentRecord, StoredTask, TaskStorePort } from './ports.ts';

export interface RemediationOperatorDeps extends ConditionDeps {
  tasks: Pick<TaskStorePort, 'find' | 'findMany' | 'agenda' | 'recentIds' | 'instanceTaskIds'>;
  freezes: FreezePort;
  incidents: Pick<IncidentPort, 'list' | 'save'>;
}

/** One line of `warden tasks`. `outcome` is the status, or `obsolete` for a task whose condition cleared by itself. */
export interface TaskView {
  id: string;
  instanceId: string;
  service: string;
  zone: string;
  condition: string;
  playbook: string;
  status: TaskStatus;
  outcome: string;
  step: string;
  attempt: number;
  attempts: number;
  dryRun: boolean;
  summary: string;
  createdAt: string;
  updatedAt: string;
}

export function taskView({ task, placement, resolution }: StoredTask): TaskView {
  return {
    id: task.id,
    instanceId: task.instanceId,
    service: placement.service,
    zone: placement.zone,
    condition: task.condition,
    playbook: task.playbook,
    status: task.status,
    outcome: resolution ?? task.status,
    step: task.steps[task.stepIndex] ?? 'page',
    attempt: task.attempt,
    attempts: task.attempts.filter((a) => a.action !== undefined).length,
    dryRun: task.dryRun,
    summary: describeTask(task),
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
  };
}

export interface TaskFilter {
  state?: TaskStatus;
  instanceId?: string;
  limit: number;
}

/** Recent tasks (created in the last two days, plus every task not ended yet), newest change first. */
export async function listTasks(deps: RemediationOperatorDeps, filter: TaskFilter): Promise<TaskView[]> {
  const ids = filter.instanceId !== undefined
    ? await deps.tasks.instanceTaskIds(filter.instanceId, 200)
    : [...(await deps.tasks.agenda()).map((e) => e.taskId), ...(await deps.tasks.recentIds(deps.clock()))];
  const tasks = (await deps.tasks.findMany(ids)).map(taskView);
  return tasks
    .filter((t) => filter.state === undefined || t.status === filter.state)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, filter.limit);
}

export async function getTask(deps: RemediationOperatorDeps, taskId: string): Promise<StoredTask> {
  const stored = await deps.tasks.find(taskId);
  if (stored === undefined) throw new ValidationError('task', [`no remediation task ${taskId}`]);
  return stored;
}

/**
 * Raises a condition by hand: the planner plans it like any other (`ConditionRaised`). If the condition is
 * already raised and its remediation has ended (escalated, failed, dry run), it is raised afresh so that it is
 * planned again, e.g. after an engineer fixed what stopped it. While its remediation runs, nothing changes.
 * With `dryRun`, the condition is raised for a dry run: its task records what it would do, acts on nothing, and
 * clears the condition when it ends.
 */
export async function remediateByHand(
  deps: RemediationOperatorDeps,
  instanceId: string,
  condition: string,
  actor: Actor,
  reason: string,
  options: { dryRun?: boolean } = {},
) {
  const instance = await deps.store.get(instanceId);
  const existing = instance.conditions?.[condition];
  if (existing !== undefined) {
    const { taskId, task } = await currentTask(deps, instanceId, condition, existing.raisedAt);
    if (task === undefined || !TERMINAL_STATUSES.has(task.status)) {
      const dryRun = existing.dryRun === true;
      return { outcome: 'already-raised' as const, instanceId, condition, raisedAt: existing.raisedAt, source: existing.source, taskId, dryRun };
    }
    await clearCondition(deps, instance, condition, `${actor.kind}:${actor.id}`);
  }
  const record: ConditionRecord = { raisedAt: deps.clock().toISOString(), source: `${actor.kind}:${actor.id}`, evidence: reason };
  if (options.dryRun === true) record.dryRun = true;
  const outcome = await raiseCondition(deps, instance, condition, record);
  const current = (await deps.store.get(instanceId)).conditions?.[condition] ?? record;
  const taskId = remediationTaskId(instanceId, condition, { kind: 'condition', id: `${instanceId}#${condition}#${current.raisedAt}` });
  return { outcome, instanceId, condition, raisedAt: current.raisedAt, source: current.source, taskId, dryRun: current.dryRun === true };
}

/** The task remediating a raise: the one planned for it, or the one planned afresh after dry run left it standing. */
async function currentTask(deps: RemediationOperatorDeps, instanceId: string, condition: string, raisedAt: string) {
  const afterDryRun = remediationTaskId(instanceId, condition, afterDryRunCause(instanceId, condition, raisedAt));
  const replanned = (await deps.tasks.find(afterDryRun))?.task;
  if (replanned !== undefined) return { taskId: afterDryRun, task: replanned };
  const taskId = remediationTaskId(instanceId, condition, { kind: 'condition', id: `${instanceId}#${condition}#${raisedAt}` });
  return { taskId, task: (await deps.tasks.find(taskId))?.task };
}

export async function freeze(deps: RemediationOperatorDeps, input: { scope: string; expires: string }, actor: Actor, reason: string, config?: FreezeConfig): Promise<FreezeRecord> {
  const now = deps.clock();
  const request = { scope: parseFreezeScope(input.scope), actor, reason, expiresAt: parseExpiry(input.expires, now) };
  const created = validateFreeze(request, now, config);
  await deps.freezes.put(created);
  if (created.scope.kind !== 'instance') await deps.events.publish([freezeCreated(created)]);
  return created;
}

export function unfreeze(deps: RemediationOperatorDeps, freezeId: string, actor: Actor, reason: string): Promise<FreezeRecord> {
  return deps.freezes.lift(freezeId, actor, reason, deps.clock().toISOString());
}

/** Freezes in force now, or with `all`, every freeze kept (lifted and expired ones too). */
export async function listFreezes(deps: RemediationOperatorDeps, all: boolean): Promise<FreezeRecord[]> {
  const t = deps.clock().getTime();
  const freezes = await deps.freezes.list();
  return all ? freezes : freezes.filter((f) => Date.parse(f.createdAt) <= t && t < Date.parse(f.expiresAt));
}

export function listIncidents(deps: RemediationOperatorDeps): Promise<IncidentRecord[]> {
  return deps.incidents.list();
}

/** `release`: automation may act in the scope again while the incident lasts; `resolve`: it is over. */
export async function settleIncident(deps: RemediationOperatorDeps, incidentId: string, action: 'release' | 'resolve', actor: Actor, note: string): Promise<IncidentRecord> {
  const found = (await deps.incidents.list()).find((i) => i.id === incidentId);
  if (found === undefined) throw new ValidationError('incident', [`no incident ${incidentId}`]);
  if (found.status === 'resolved') throw new ValidationError('incident', [`incident ${incidentId} is already resolved`]);
  const now = deps.clock();
  const next = action === 'release' ? releaseIncident(found, actor, note, now) : resolveIncident(found, `${note} (${actor.id})`, now);
  if (next === found) throw new ValidationError('incident', [`incident ${incidentId} is already ${found.status}`]);
  await deps.incidents.save(next);
  if (action === 'release') await deps.events.publish([incidentReleased(next)]);
  return { ...next, paged: found.paged };
}
