/**
 * Remediation tasks. Every save is one transaction: the task (conditional on the version read), its agenda
 * entry, and, when the task starts or stops holding a blast-radius budget slot, the in-flight counters of its
 * fleet, service and zone (each conditional on staying within its limit). A burst can therefore never put more
 * instances under remediation than the budget allows, and a slot is released exactly once.
 */
import { BatchGetCommand, DeleteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AgendaEntry } from '../../domain/remediation/agenda.ts';
import type { ScopeLimits } from '../../domain/remediation/fleet-size.ts';
import type { ScopeCounts } from '../../domain/safety/budget.ts';
import { ValidationError } from '../../domain/errors.ts';
import { LeaseLostError, TaskChangedError } from '../../domain/remediation/errors.ts';
import type { SaveOutcome, SaveRequest, TaskStorePort } from '../../usecases/remediation/ports.ts';
import { translateDynamoError } from './errors.ts';
import { agendaKey, dryRunEndedKey, inFlightKey, instanceTaskKey, leaseKey, taskLogKey, type BudgetScope } from './remediation-keys.ts';
import { toAgendaItem, toDryRunEndedItem, toTaskItem, type StoredTask } from './task-item.ts';
import { isConditionFailure, queryAll } from './query.ts';
import { transactNamed, type TransactItem } from './transact.ts';
import { TaskReads } from './task-reads.ts';

export type { SaveOutcome, SaveRequest };

export class TaskStore extends TaskReads implements TaskStorePort {
  constructor(doc: DynamoDBDocumentClient, table: string) {
    super(doc, table);
  }

  /**
   * Stores a newly planned task with its agenda entry and its index entries. The task id is deterministic
   * (instance, condition, cause), so a redelivered cause finds it there: `duplicate`, and nothing is written.
   */
  async create(stored: StoredTask, agenda: AgendaEntry): Promise<'created' | 'duplicate'> {
    const { task } = stored;
    const pointer = { taskId: task.id, condition: task.condition, playbook: task.playbook };
    const cancelled = await transactNamed(this.doc, `creating task ${task.id}`, [
      ['task', { Put: { TableName: this.table, Item: toTaskItem(stored), ConditionExpression: 'attribute_not_exists(pk)' } }],
      ['agenda', { Put: { TableName: this.table, Item: toAgendaItem(agenda) } }],
      ['instanceTask', { Put: { TableName: this.table, Item: { ...instanceTaskKey(task.instanceId, task.createdAt, task.id), entity: 'instance-task', ...pointer } } }],
      ['taskLog', { Put: { TableName: this.table, Item: { ...taskLogKey(task.createdAt, task.id), entity: 'task-log', ...pointer } } }],
    ]);
    if (cancelled === undefined) return 'created';
    if (cancelled.failed('task')) return 'duplicate';
    throw cancelled.unexpected();
  }

  async save(request: SaveRequest): Promise<SaveOutcome> {
    const { previous, next, agenda, lease } = request;
    const items: [string, TransactItem][] = [
      ['task', {
        Put: {
          TableName: this.table,
          Item: toTaskItem(next),
          ConditionExpression: '#task.#version = :expected',
          ExpressionAttributeNames: { '#task': 'task', '#version': 'version' },
          ExpressionAttributeValues: { ':expected': previous.task.version },
        },
      }],
      ['agenda', agenda === undefined
        ? { Delete: { TableName: this.table, Key: agendaKey(next.task.id) } }
        : { Put: { TableName: this.table, Item: toAgendaItem(agenda) } }],
    ];
    if (request.dryRunEnded !== undefined) items.push(['dryRunEnded', { Put: { TableName: this.table, Item: toDryRunEndedItem(request.dryRunEnded) } }]);
    if (lease !== undefined) {
      items.push(['lease', {
        ConditionCheck: {
          TableName: this.table,
          Key: leaseKey(lease.instanceId),
          ConditionExpression: 'runToken = :token',
          ExpressionAttributeValues: { ':token': lease.token },
        },
      }]);
    }
    const budget = this.budgetMoves(previous, next, request.limits);
    items.push(...budget);
    const cancelled = await transactNamed(this.doc, `saving task ${next.task.id}`, items);
    if (cancelled === undefined) return 'saved';
    if (cancelled.failed('task')) throw new TaskChangedError(next.task.id, previous.task.version);
    if (lease !== undefined && cancelled.failed('lease')) throw new LeaseLostError(lease.instanceId, next.task.id);
    if (budget.some(([name]) => cancelled.failed(name))) return 'budget-exhausted';
    throw cancelled.unexpected();
  }

  /** Its condition was planned afresh (or there is nothing left to plan): the note goes. */
  async forgetDryRunEnded(taskId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: dryRunEndedKey(taskId) })).catch(translateDynamoError);
  }

  /** The tick sent these tasks to a worker at `at`; entries that have gone meanwhile are skipped. */
  async markSent(taskIds: readonly string[], at: string): Promise<void> {
    for (const taskId of taskIds) {
      await this.doc
        .send(new UpdateCommand({
          TableName: this.table,
          Key: agendaKey(taskId),
          UpdateExpression: 'SET sentAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }))
        .catch((error: unknown) => (isConditionFailure(error) ? undefined : translateDynamoError(error)));
    }
  }

  /** Instances under remediation now, in the scopes of one placement (missing counters are 0): one read. */
  async inFlight(service: string, zone: string): Promise<{ fleet: number; service: number; zone: number }> {
    const keys = [inFlightKey('fleet', 'fleet'), inFlightKey('service', service), inFlightKey('zone', zone)];
    const out = await this.doc
      .send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }))
      .catch(translateDynamoError);
    const items = out.Responses?.[this.table] ?? [];
    const count = (key: { sk: string }) => Number(items.find((item) => item.sk === key.sk)?.n ?? 0);
    const [fleet, s, z] = keys.map(count);
    return { fleet: fleet ?? 0, service: s ?? 0, zone: z ?? 0 };
  }

  /** Every in-flight counter: instances under remediation per fleet, service and zone (one query). */
  async allInFlight(): Promise<ScopeCounts> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': inFlightKey('fleet', 'fleet').pk },
      ConsistentRead: true,
    });
    return toScopeCounts(items);
  }

  private budgetMoves(previous: StoredTask, next: StoredTask, limits: ScopeLimits | undefined): [string, TransactItem][] {
    const { acquire, scopes } = budgetSlotMoves(previous, next, limits);
    return scopes.map(([scope, name, limit]) => [`budget:${scope}`, {
      Update: {
        TableName: this.table,
        Key: inFlightKey(scope, name),
        UpdateExpression: 'ADD n :by',
        ...(acquire ? { ConditionExpression: 'attribute_not_exists(n) OR n < :limit' } : {}),
        ExpressionAttributeValues: { ':by': acquire ? 1 : -1, ...(acquire ? { ':limit': limit } : {}) },
      },
    }]);
  }
}

/** The in-flight counters (`fleet`, `service#<name>`, `zone#<name>` under one partition) as scope counts. */
export function toScopeCounts(items: readonly Record<string, unknown>[]): ScopeCounts {
  const counts = { fleet: 0, service: {} as Record<string, number>, zone: {} as Record<string, number> };
  for (const item of items) {
    const [scope, name = ''] = String(item.sk).split(/#(.*)/s);
    const n = Number(item.n ?? 0);
    if (scope === 'fleet') counts.fleet = n;
    else if (scope === 'service') counts.service[name] = n;
    else if (scope === 'zone') counts.zone[name] = n;
  }
  return counts;
}

/**
 * The budget counters a save moves: none unless the task takes or gives back its slot; then one per scope (fleet,
 * its service, its zone) with that scope's limit, which taking a slot must not pass.
 */
export function budgetSlotMoves(previous: StoredTask, next: StoredTask, limits: ScopeLimits | undefined): { acquire: boolean; scopes: [BudgetScope, string, number][] } {
  const slot = next.budget ?? previous.budget;
  const acquire = next.budget !== undefined;
  if (slot === undefined || (previous.budget !== undefined) === acquire) return { acquire, scopes: [] };
  if (acquire && limits === undefined) throw new ValidationError(`save of task ${next.task.id}`, ['limits: required when the task acquires a budget slot']);
  return {
    acquire,
    scopes: [
      ['fleet', 'fleet', limits?.fleet ?? 0],
      ['service', slot.service, limits?.service ?? 0],
      ['zone', slot.zone, limits?.zone ?? 0],
    ],
  };
}
