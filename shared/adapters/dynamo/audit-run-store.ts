/**
 * Audit runs and their shard results. A shard's result is recorded once: one transaction puts the shard's
 * marker (only if absent) and adds one to the run's count of completed shards, so however many times SQS
 * delivers a segment, it counts once. The run is completed once, by a conditional update.
 */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { AuditRun, RunTotals, ShardResult } from '../../domain/audit-runs/run.ts';
import type { RunSummary } from '../../domain/compliance/types.ts';
import { DependencyUnavailableError, WriteCancelledError } from '../../domain/errors.ts';
import { AuditRunNotFoundError } from '../../domain/audit-runs/errors.ts';
import type { AuditRunPort } from '../../usecases/audits/ports.ts';
import { cancellationReasons, translateDynamoError } from './errors.ts';
import { runKey, RUNS_PK, shardKey } from './audit-keys.ts';
import { parseItem } from './item-parse.ts';
import { queryAll, writeIf } from './query.ts';

const CONFLICT_ATTEMPTS = 6;
const RETENTION_SECONDS = 400 * 24 * 3600;
const KEYS = ['pk', 'sk', 'entity', 'expiresAt'];

export class AuditRunStore implements AuditRunPort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Records a new run; 'exists' when this run id was already recorded (a redelivered start). */
  async create(run: AuditRun): Promise<'created' | 'exists'> {
    const item = { ...runKey(run.runId), entity: 'auditRun', ...run, expiresAt: expiry(run.startedAt) };
    const created = await writeIf(this.doc, new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return created ? 'created' : 'exists';
  }

  async get(runId: string): Promise<AuditRun | undefined> {
    const out = await this.doc
      .send(new GetCommand({ TableName: this.table, Key: runKey(runId), ConsistentRead: true }))
      .catch(translateDynamoError);
    return out.Item === undefined ? undefined : toRun(out.Item);
  }

  /** The newest run, in any status. */
  async latest(): Promise<AuditRun | undefined> {
    const out = await this.doc
      .send(new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :run)',
        ExpressionAttributeValues: { ':pk': RUNS_PK, ':run': 'RUN#' },
        ScanIndexForward: false,
        Limit: 1,
      }))
      .catch(translateDynamoError);
    const item = out.Items?.[0];
    return item === undefined ? undefined : toRun(item);
  }

  /** The newest completed run: what a report shows when no run is named. */
  async latestCompleted(): Promise<AuditRun | undefined> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :run)',
      FilterExpression: '#status = :completed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': RUNS_PK, ':run': 'RUN#', ':completed': 'completed' },
      ScanIndexForward: false,
    }, (found) => found.length > 0);
    const item = items[0];
    return item === undefined ? undefined : toRun(item);
  }

  /** The newest completed run that started before `runId`: what "changes since last run" compares with. */
  async previousCompleted(runId: string): Promise<AuditRun | undefined> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :before',
      FilterExpression: '#status = :completed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': RUNS_PK, ':from': 'RUN#', ':before': runKey(runId).sk, ':completed': 'completed' },
      ScanIndexForward: false,
    }, (found) => found.some((item) => item.sk !== runKey(runId).sk));
    const item = items.find((i) => i.sk !== runKey(runId).sk);
    return item === undefined ? undefined : toRun(item);
  }

  async shardDone(runId: string, segment: number): Promise<boolean> {
    const out = await this.doc
      .send(new GetCommand({ TableName: this.table, Key: shardKey(runId, segment), ConsistentRead: true, ProjectionExpression: 'pk' }))
      .catch(translateDynamoError);
    return out.Item !== undefined;
  }

  /**
   * Records a shard's result and counts it, atomically; 'duplicate' when the segment was already recorded.
   * Shards finishing together contend for the run item; a conflict is retried here, then is transient.
   */
  async recordShard(result: ShardResult, startedAt: string): Promise<'recorded' | 'duplicate'> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.tryRecordShard(result, startedAt);
      if (outcome !== 'conflict') return outcome;
      if (attempt >= CONFLICT_ATTEMPTS) throw new DependencyUnavailableError('DynamoDB (audit run record)');
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * attempt));
    }
  }

  private async tryRecordShard(result: ShardResult, startedAt: string): Promise<'recorded' | 'duplicate' | 'conflict'> {
    try {
      await this.doc.send(new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: { ...shardKey(result.runId, result.segment), entity: 'auditShard', ...result, expiresAt: expiry(startedAt) },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: this.table,
              Key: runKey(result.runId),
              UpdateExpression: 'ADD completedShards :one',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
        ],
      }));
      return 'recorded';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons === undefined) return translateDynamoError(error);
      // One reason per item, in the request's order: the shard marker, then the run's count.
      const [shard, run] = reasons.length === 2 ? reasons : [];
      if (shard?.Code === 'ConditionalCheckFailed') return 'duplicate';
      if (run?.Code === 'ConditionalCheckFailed') throw new AuditRunNotFoundError(result.runId);
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw new WriteCancelledError(`recording shard ${result.segment} of ${result.runId}`, { reasons: reasons.map((r) => r.Code).join(',') }, { cause: error });
      }
      return 'conflict';
    }
  }

  async shards(runId: string): Promise<ShardResult[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :shard)',
      ExpressionAttributeValues: { ':pk': shardKey(runId, 0).pk, ':shard': 'SHARD#' },
      ConsistentRead: true,
    });
    return items.map(toShard);
  }

  /** Completes a running run with its summary; 'already' when another delivery completed it first. */
  async complete(runId: string, done: { summary: RunSummary; totals: RunTotals; finishedAt: string }): Promise<'completed' | 'already'> {
    const completed = await writeIf(this.doc, new UpdateCommand({
      TableName: this.table,
      Key: runKey(runId),
      UpdateExpression: 'SET #status = :completed, summary = :summary, totals = :totals, finishedAt = :at',
      ConditionExpression: '#status = :running',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':completed': 'completed', ':running': 'running', ':summary': done.summary, ':totals': done.totals, ':at': done.finishedAt },
    }));
    return completed ? 'completed' : 'already';
  }
}

function expiry(startedAt: string): number {
  return Math.floor(Date.parse(startedAt) / 1000) + RETENTION_SECONDS;
}

function strip(item: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...item };
  for (const key of KEYS) delete copy[key];
  return copy;
}

const totals = { scanned: z.number(), conditionsRaised: z.number(), leftToRolls: z.number() };

const storedRun = z.looseObject({
  runId: z.string().min(1),
  status: z.enum(['running', 'completed']),
  trigger: z.enum(['schedule', 'engineer']),
  requestedBy: z.string(),
  startedAt: z.string(),
  totalSegments: z.number().int().positive(),
  // A run starts without the attribute (ADD creates it), so a run just created reads as 0 shards done.
  completedShards: z.number().int().nonnegative().default(0),
  finishedAt: z.string().optional(),
  summary: z.looseObject({}).optional(),
  totals: z.looseObject(totals).optional(),
});

const storedShard = z.looseObject({
  runId: z.string().min(1),
  segment: z.number().int().nonnegative(),
  audited: z.record(z.string(), z.number()),
  summary: z.looseObject({}),
  recordedAt: z.string(),
  ...totals,
});

export function toRun(item: Record<string, unknown>): AuditRun {
  return strip(parseItem(storedRun, item, 'audit run')) as unknown as AuditRun;
}

export function toShard(item: Record<string, unknown>): ShardResult {
  return strip(parseItem(storedShard, item, 'audit shard')) as unknown as ShardResult;
}
