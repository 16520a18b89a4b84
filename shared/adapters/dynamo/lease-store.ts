/**
 * At most one remediation per instance at a time. The lease item names the task that owns the instance (until
 * it ends, or `ownerUntil` lapses) and the run working on it right now (`runToken`, until `runUntil`, which is
 * the function's timeout). A crashed run stops blocking the instance when its `runUntil` passes; the same task
 * then resumes under a new run, and other tasks on the instance wait for the owner to finish.
 */
import { DeleteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LeaseOutcome, LeasePort } from '../../usecases/remediation/ports.ts';
import { translateDynamoError } from './errors.ts';
import { isConditionFailure } from './query.ts';
import { leaseKey } from './remediation-keys.ts';

export type { LeaseOutcome };

/** A lease item outlives its last holder by a day at most, then DynamoDB's TTL removes it. */
const ttl = (untilMs: number) => Math.floor(untilMs / 1000) + 24 * 3600;

export class LeaseStore implements LeasePort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Takes the instance for one run of `taskId`, until `nowMs + runMs`. */
  async acquire(instanceId: string, taskId: string, token: string, nowMs: number, runMs: number): Promise<LeaseOutcome> {
    try {
      await this.doc.send(new UpdateCommand({
        TableName: this.table,
        Key: leaseKey(instanceId),
        UpdateExpression: 'SET #owner = :task, ownerUntil = :until, runToken = :token, runUntil = :until, entity = :entity, expiresAt = :ttl',
        ConditionExpression:
          '(attribute_not_exists(#owner) OR #owner = :task OR ownerUntil < :now) AND ' +
          '(attribute_not_exists(runUntil) OR runUntil < :now)',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':task': taskId, ':until': nowMs + runMs, ':token': token, ':now': nowMs, ':entity': 'lease', ':ttl': ttl(nowMs + runMs) },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }));
      return { kind: 'acquired' };
    } catch (error) {
      if (!isConditionFailure(error)) return translateDynamoError(error);
      const old = (error as { Item?: Record<string, { S?: string; N?: string }> }).Item ?? {};
      const owner = old.owner?.S ?? '';
      if (owner === taskId) return { kind: 'running', until: Number(old.runUntil?.N ?? nowMs) };
      return { kind: 'owned', owner, until: Number(old.ownerUntil?.N ?? nowMs) };
    }
  }

  /**
   * Ends this run. With `keepUntilMs` the task keeps owning the instance until then (it continues later, e.g.
   * to verify); without it the instance is free. A run that lost its lease changes nothing.
   */
  async release(instanceId: string, token: string, keepUntilMs?: number): Promise<void> {
    const condition = { ConditionExpression: 'runToken = :token' };
    const command = keepUntilMs === undefined
      ? new DeleteCommand({ TableName: this.table, Key: leaseKey(instanceId), ...condition, ExpressionAttributeValues: { ':token': token } })
      : new UpdateCommand({
        TableName: this.table,
        Key: leaseKey(instanceId),
        UpdateExpression: 'SET ownerUntil = :until, expiresAt = :ttl REMOVE runToken, runUntil',
        ...condition,
        ExpressionAttributeValues: { ':token': token, ':until': keepUntilMs, ':ttl': ttl(keepUntilMs) },
      });
    await this.doc.send(command).catch((error: unknown) => (isConditionFailure(error) ? undefined : translateDynamoError(error)));
  }
}
