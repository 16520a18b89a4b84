/**
 * Conditions on instances (`down`, `disk-full`, `backup-stale`, ...): raised once, cleared once. A condition
 * lives in the instance item's `conditions` map; raising or clearing does not change the lifecycle version,
 * so it never races a transition.
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InstanceNotFoundError } from '../../domain/errors.ts';
import type { ConditionRecord } from '../../domain/instance.ts';
import type { ClearOutcome, ConditionStorePort, RaiseOutcome } from '../../usecases/ledger/ports.ts';
import { translateDynamoError } from './errors.ts';
import { instanceKey } from './keys.ts';
import { conditionFailedItem } from './query.ts';

export type { ClearOutcome, RaiseOutcome };

export class ConditionStore implements ConditionStorePort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async raise(instanceId: string, condition: string, record: ConditionRecord): Promise<RaiseOutcome> {
    try {
      await this.doc.send(new UpdateCommand({
        TableName: this.table,
        Key: instanceKey(instanceId),
        UpdateExpression: 'SET conditions.#c = :record',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(conditions.#c)',
        ExpressionAttributeNames: { '#c': condition },
        ExpressionAttributeValues: { ':record': record },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }));
      return { outcome: 'raised', record };
    } catch (error) {
      const old = conditionFailedItem(error);
      if (old === undefined) translateDynamoError(error);
      if (old === null) throw new InstanceNotFoundError(instanceId);
      const existing = existingCondition(old, condition);
      return { outcome: 'already-raised', record: existing ?? record };
    }
  }

  /** Clears a condition; `onlyFromSource` clears it only if that source raised it (an OK from another alarm does not). */
  async clear(instanceId: string, condition: string, onlyFromSource?: string): Promise<ClearOutcome> {
    try {
      const out = await this.doc.send(new UpdateCommand({
        TableName: this.table,
        Key: instanceKey(instanceId),
        UpdateExpression: 'REMOVE conditions.#c',
        ConditionExpression: 'attribute_exists(conditions.#c)' + (onlyFromSource ? ' AND conditions.#c.#source = :source' : ''),
        ExpressionAttributeNames: { '#c': condition, ...(onlyFromSource ? { '#source': 'source' } : {}) },
        ...(onlyFromSource ? { ExpressionAttributeValues: { ':source': onlyFromSource } } : {}),
        ReturnValues: 'ALL_OLD',
      }));
      const record = (out.Attributes?.conditions as Record<string, ConditionRecord> | undefined)?.[condition];
      return record ? { outcome: 'cleared', record } : { outcome: 'not-raised' };
    } catch (error) {
      if (conditionFailedItem(error) === undefined) translateDynamoError(error);
      return { outcome: 'not-raised' };
    }
  }
}

function existingCondition(rawItem: Record<string, unknown>, condition: string): ConditionRecord | undefined {
  const map = (rawItem.conditions as { M?: Record<string, { M?: Record<string, { S?: string; BOOL?: boolean }> }> } | undefined)?.M;
  const entry = map?.[condition]?.M;
  if (entry === undefined) return undefined;
  const record: ConditionRecord = { raisedAt: entry.raisedAt?.S ?? '', source: entry.source?.S ?? '' };
  if (entry.evidence?.S !== undefined) record.evidence = entry.evidence.S;
  if (entry.notBefore?.S !== undefined) record.notBefore = entry.notBefore.S;
  if (entry.dryRun?.BOOL === true) record.dryRun = true;
  return record;
}
