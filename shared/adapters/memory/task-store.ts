/**
 * Remediation tasks in memory (dynamo/task-store.ts and task-reads.ts), under the same keys. A save is one
 * transaction over the task's version, the run's lease and the budget counters, as on the single table.
 */
import type { DryRunEnded } from '../../domain/remediation/after-dry-run.ts';
import type { AgendaEntry } from '../../domain/remediation/agenda.ts';
import { LeaseLostError, TaskChangedError } from '../../domain/remediation/errors.ts';
import type { ScopeLimits } from '../../domain/remediation/fleet-size.ts';
import type { ScopeCounts } from '../../domain/safety/budget.ts';
import { SHARDS } from '../dynamo/keys.ts';
import {
  agendaKey, agendaPartition, dryRunEndedKey, inFlightKey, instanceTaskKey, leaseKey, taskKey, taskLogKey, taskLogPartition,
} from '../dynamo/remediation-keys.ts';
import { fromAgendaItem, fromDryRunEndedItem, fromTaskItem, toAgendaItem, toDryRunEndedItem, toTaskItem, type StoredTask } from '../dynamo/task-item.ts';
import { budgetSlotMoves, toScopeCounts, type SaveOutcome, type SaveRequest, type TaskStore } from '../dynamo/task-store.ts';
import type { PublicApi } from './public-api.ts';
import { byteOrder, type Item, type Key } from './table.ts';
import type { MemoryTables, TxWrite } from './tables.ts';

const DAY_MS = 86_400_000;

export class MemoryTaskStore implements PublicApi<TaskStore> {
  readonly table = 'memory';

  constructor(private readonly db: MemoryTables) {}

  async create(stored: StoredTask, agenda: AgendaEntry): Promise<'created' | 'duplicate'> {
    const { task } = stored;
    const pointer = { taskId: task.id, condition: task.condition, playbook: task.playbook };
    const cancelled = this.db.transact(`creating task ${task.id}`, [
      { name: 'task', check: () => !this.db.ledger.has(taskKey(task.id)), apply: () => this.put(toTaskItem(stored)) },
      { name: 'agenda', apply: () => this.put(toAgendaItem(agenda)) },
      { name: 'instanceTask', apply: () => this.put({ ...instanceTaskKey(task.instanceId, task.createdAt, task.id), entity: 'instance-task', ...pointer }) },
      { name: 'taskLog', apply: () => this.put({ ...taskLogKey(task.createdAt, task.id), entity: 'task-log', ...pointer }) },
    ]);
    if (cancelled === undefined) return 'created';
    if (cancelled.failed('task')) return 'duplicate';
    throw cancelled.unexpected();
  }

  async save(request: SaveRequest): Promise<SaveOutcome> {
    const { previous, next, agenda, lease } = request;
    const writes: TxWrite[] = [
      {
        name: 'task',
        check: () => (this.db.ledger.peek(taskKey(next.task.id))?.task as { version?: number } | undefined)?.version === previous.task.version,
        apply: () => this.put(toTaskItem(next)),
      },
      {
        name: 'agenda',
        apply: () => (agenda === undefined ? this.db.ledger.delete(agendaKey(next.task.id)) : this.put(toAgendaItem(agenda))),
      },
    ];
    const { dryRunEnded } = request;
    if (dryRunEnded !== undefined) writes.push({ name: 'dryRunEnded', apply: () => this.put(toDryRunEndedItem(dryRunEnded)) });
    if (lease !== undefined) {
      writes.push({ name: 'lease', check: () => this.db.ledger.peek(leaseKey(lease.instanceId))?.runToken === lease.token, apply: () => undefined });
    }
    const budget = this.budgetMoves(previous, next, request.limits);
    writes.push(...budget);
    const cancelled = this.db.transact(`saving task ${next.task.id}`, writes);
    if (cancelled === undefined) return 'saved';
    if (cancelled.failed('task')) throw new TaskChangedError(next.task.id, previous.task.version);
    if (lease !== undefined && cancelled.failed('lease')) throw new LeaseLostError(lease.instanceId, next.task.id);
    if (budget.some(({ name }) => cancelled.failed(name))) return 'budget-exhausted';
    throw cancelled.unexpected();
  }

  async forgetDryRunEnded(taskId: string): Promise<void> {
    this.db.ledger.delete(dryRunEndedKey(taskId));
  }

  async markSent(taskIds: readonly string[], at: string): Promise<void> {
    for (const taskId of taskIds) {
      const entry = this.db.ledger.peek(agendaKey(taskId));
      if (entry !== undefined) entry.sentAt = at;
    }
  }

  async inFlight(service: string, zone: string): Promise<{ fleet: number; service: number; zone: number }> {
    const count = (key: Key) => Number(this.db.ledger.peek(key)?.n ?? 0);
    return { fleet: count(inFlightKey('fleet', 'fleet')), service: count(inFlightKey('service', service)), zone: count(inFlightKey('zone', zone)) };
  }

  async allInFlight(): Promise<ScopeCounts> {
    return toScopeCounts(this.db.ledger.query(inFlightKey('fleet', 'fleet').pk));
  }

  async find(taskId: string): Promise<StoredTask | undefined> {
    const item = this.db.ledger.get(taskKey(taskId));
    return item === undefined ? undefined : fromTaskItem(item);
  }

  async findMany(taskIds: readonly string[]): Promise<StoredTask[]> {
    return [...new Set(taskIds)].flatMap((id) => {
      const item = this.db.ledger.get(taskKey(id));
      return item === undefined ? [] : [fromTaskItem(item)];
    });
  }

  async agenda(): Promise<AgendaEntry[]> {
    return Array.from({ length: SHARDS }, (_, shard) => this.db.ledger.query(agendaPartition(shard))).flat().map(fromAgendaItem);
  }

  async dryRunEnded(): Promise<DryRunEnded[]> {
    return this.db.ledger.query(dryRunEndedKey('').pk).map(fromDryRunEndedItem);
  }

  async recentIds(now: Date, days = 2): Promise<string[]> {
    const dates = Array.from({ length: days }, (_, i) => new Date(now.getTime() - i * DAY_MS).toISOString().slice(0, 10));
    const items = dates.flatMap((date) => Array.from({ length: SHARDS }, (_, shard) => this.db.ledger.query(taskLogPartition(date, shard))).flat());
    return items.map((item) => String(item.sk)).sort(byteOrder).reverse().map((sk) => sk.slice(sk.lastIndexOf('#') + 1));
  }

  async instanceTaskIds(instanceId: string, limit = 50): Promise<string[]> {
    return this.db.ledger.query(`INST#${instanceId}`, { prefix: 'TASK#', descending: true, limit }).map((item) => String(item.taskId));
  }

  private put(item: Item): void {
    this.db.ledger.put(item as Item & Key);
  }

  private budgetMoves(previous: StoredTask, next: StoredTask, limits: ScopeLimits | undefined): TxWrite[] {
    const { acquire, scopes } = budgetSlotMoves(previous, next, limits);
    return scopes.map(([scope, name, limit]) => {
      const key = inFlightKey(scope, name);
      const n = () => this.db.ledger.peek(key)?.n;
      return {
        name: `budget:${scope}`,
        ...(acquire ? { check: () => n() === undefined || Number(n()) < limit } : {}),
        apply: () => this.db.addToCounter(key, acquire ? 1 : -1),
      };
    });
  }
}
