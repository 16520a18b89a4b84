/** A remediation task as stored: the domain task plus what the adapters keep beside it. */
import type { AgendaEntry } from '../../domain/remediation/agenda.ts';
import type { Continuation } from '../../domain/remediation/continuation.ts';
import type { DryRunEnded } from '../../domain/remediation/after-dry-run.ts';
import type { RemediationTask } from '../../domain/playbooks/task.ts';
import { TERMINAL_STATUSES } from '../../domain/playbooks/task.ts';
import type { Placement, StoredTask } from '../../usecases/remediation/ports.ts';
import { agendaKey, dryRunEndedKey, taskKey, ttlAfter } from './remediation-keys.ts';

export type { Placement, StoredTask };

/** Ended tasks are kept 90 days, then DynamoDB's TTL removes them. */
const ENDED_TASK_RETENTION_SECONDS = 90 * 24 * 3600;

export function toTaskItem(stored: StoredTask): Record<string, unknown> {
  const ended = TERMINAL_STATUSES.has(stored.task.status);
  return {
    ...taskKey(stored.task.id),
    entity: 'task',
    ...stored,
    ...(ended ? { expiresAt: ttlAfter(stored.task.updatedAt, ENDED_TASK_RETENTION_SECONDS) } : {}),
  };
}

export function fromTaskItem(item: Record<string, unknown>): StoredTask {
  const stored: StoredTask = { task: item.task as RemediationTask, placement: item.placement as Placement };
  if (item.budget !== undefined) stored.budget = item.budget as StoredTask['budget'] & object;
  if (item.resolution === 'obsolete') stored.resolution = 'obsolete';
  if (item.continuation !== undefined) stored.continuation = item.continuation as Continuation;
  return stored;
}

/** A dry-run note is kept as long as the ended task it notes. */
export function toDryRunEndedItem(entry: DryRunEnded): Record<string, unknown> {
  return { ...dryRunEndedKey(entry.taskId), entity: 'dry-run-ended', ...entry, expiresAt: ttlAfter(entry.endedAt, ENDED_TASK_RETENTION_SECONDS) };
}

export function fromDryRunEndedItem(item: Record<string, unknown>): DryRunEnded {
  const { taskId, instanceId, condition, playbook, raisedAt, endedAt } = item as Record<string, string>;
  return { taskId: String(taskId), instanceId: String(instanceId), condition: String(condition), playbook: String(playbook), raisedAt: String(raisedAt), endedAt: String(endedAt) };
}

export function toAgendaItem(entry: AgendaEntry): Record<string, unknown> {
  return { ...agendaKey(entry.taskId), entity: 'agenda', ...entry };
}

export function fromAgendaItem(item: Record<string, unknown>): AgendaEntry {
  const { pk: _pk, sk: _sk, entity: _entity, ...entry } = item;
  return entry as unknown as AgendaEntry;
}
