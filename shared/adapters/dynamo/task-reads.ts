/** Reading remediation tasks: one, many, the agenda, the recent ones, and an instance's. */
import { BatchGetCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AgendaEntry } from '../../domain/remediation/agenda.ts';
import { translateDynamoError } from './errors.ts';
import { SHARDS } from './keys.ts';
import { queryAll } from './query.ts';
import type { DryRunEnded } from '../../domain/remediation/after-dry-run.ts';
import { agendaPartition, dryRunEndedKey, taskKey, taskLogPartition } from './remediation-keys.ts';
import { fromAgendaItem, fromDryRunEndedItem, fromTaskItem, type StoredTask } from './task-item.ts';

const shards = () => Array.from({ length: SHARDS }, (_, i) => i);
const DAY_MS = 86_400_000;

export class TaskReads {
  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    readonly table: string,
  ) {}

  /** The stored task, read consistently; undefined when there is none. */
  async find(taskId: string): Promise<StoredTask | undefined> {
    const out = await this.doc
      .send(new GetCommand({ TableName: this.table, Key: taskKey(taskId), ConsistentRead: true }))
      .catch(translateDynamoError);
    return out.Item === undefined ? undefined : fromTaskItem(out.Item);
  }

  /** Tasks by id, 100 per request; ids without a task are left out. */
  async findMany(taskIds: readonly string[]): Promise<StoredTask[]> {
    const found: StoredTask[] = [];
    const unique = [...new Set(taskIds)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] = unique.slice(i, i + 100).map(taskKey);
      for (let attempt = 1; keys.length > 0 && attempt <= 8; attempt++) {
        const out = await this.doc
          .send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys } } }))
          .catch(translateDynamoError);
        found.push(...(out.Responses?.[this.table] ?? []).map(fromTaskItem));
        keys = out.UnprocessedKeys?.[this.table]?.Keys ?? [];
        if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      }
    }
    return found;
  }

  /** Every task that has not ended, with when it is due: SHARDS queries over a set that grows with what is broken. */
  async agenda(): Promise<AgendaEntry[]> {
    const pages = await Promise.all(shards().map((shard) => queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': agendaPartition(shard) },
    })));
    return pages.flat().map(fromAgendaItem);
  }

  /** Tasks that ended by dry run and left their condition standing: one query over what dry run left behind. */
  async dryRunEnded(): Promise<DryRunEnded[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': dryRunEndedKey('').pk },
    });
    return items.map(fromDryRunEndedItem);
  }

  /** Ids of the tasks created in the last `days` days (today included), newest first. */
  async recentIds(now: Date, days = 2): Promise<string[]> {
    const dates = Array.from({ length: days }, (_, i) => new Date(now.getTime() - i * DAY_MS).toISOString().slice(0, 10));
    const pages = await Promise.all(dates.flatMap((date) => shards().map((shard) => queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': taskLogPartition(date, shard) },
    }))));
    return pages.flat().map((item) => String(item.sk)).sort().reverse().map((sk) => sk.slice(sk.lastIndexOf('#') + 1));
  }

  /** Ids of an instance's tasks, newest first. */
  async instanceTaskIds(instanceId: string, limit = 50): Promise<string[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `INST#${instanceId}`, ':prefix': 'TASK#' },
      ScanIndexForward: false,
      Limit: limit,
    }, (all) => all.length >= limit);
    return items.slice(0, limit).map((item) => String(item.taskId));
  }
}
