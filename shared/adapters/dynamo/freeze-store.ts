/**
 * Freezes (break glass). A freeze is kept after it ends, lifted or expired, for the audit trail; DynamoDB's TTL
 * removes it 90 days after its expiry.
 */
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/instance.ts';
import type { Freeze } from '../../domain/safety/freeze.ts';
import type { FreezePort, FreezeRecord } from '../../usecases/remediation/ports.ts';
import { translateDynamoError } from './errors.ts';
import { isConditionFailure, queryAll } from './query.ts';
import { freezeKey, ttlAfter } from './remediation-keys.ts';

export type { FreezeRecord };

const RETENTION_SECONDS = 90 * 24 * 3600;

export class FreezeStore implements FreezePort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** @throws ValidationError when a freeze with this id exists already. */
  async put(freeze: Freeze): Promise<void> {
    await this.doc
      .send(new PutCommand({
        TableName: this.table,
        Item: { ...freezeKey(freeze.id), entity: 'freeze', freeze, expiresAt: ttlAfter(freeze.expiresAt, RETENTION_SECONDS) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }))
      .catch((error: unknown) => {
        if (isConditionFailure(error)) throw new ValidationError('freeze', [`a freeze ${freeze.id} exists already`]);
        translateDynamoError(error);
      });
  }

  /**
   * Lifts a freeze now: it stops holding work at `at` (its expiry becomes `at`).
   * @throws ValidationError when there is no such freeze or it has already ended.
   */
  async lift(id: string, actor: Actor, reason: string, at: string): Promise<FreezeRecord> {
    try {
      const out = await this.doc.send(new UpdateCommand({
        TableName: this.table,
        Key: freezeKey(id),
        UpdateExpression: 'SET #f.liftedAt = :at, #f.liftedBy = :actor, #f.liftReason = :reason, #f.expiresAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#f.liftedAt) AND #f.expiresAt > :at',
        ExpressionAttributeNames: { '#f': 'freeze' },
        ExpressionAttributeValues: { ':at': at, ':actor': actor, ':reason': reason },
        ReturnValues: 'ALL_NEW',
      }));
      return out.Attributes?.freeze as FreezeRecord;
    } catch (error) {
      if (isConditionFailure(error)) throw new ValidationError('unfreeze', [`no freeze ${id} is in force (unknown, lifted or expired)`]);
      return translateDynamoError(error);
    }
  }

  /** Every freeze kept (in force, lifted or expired), newest first. */
  async list(): Promise<FreezeRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': freezeKey('').pk },
    });
    return items.map((item) => item.freeze as FreezeRecord).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
}
