/**
 * Advisories and their rolls. Every advisory sits in one partition, so an audit shard loads them all with
 * one query; the roll's state lives on the advisory item and its plan in one item per wave. The roll moves
 * only by conditional updates on the wave it read, so two steppers never advance it twice.
 */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Advisory } from '../../domain/audits/advisories.ts';
import type { RollWave } from '../../domain/audits/roll.ts';
import type { RollState } from '../../domain/audit-runs/roll-progress.ts';
import type { AdvisoryPort, StoredAdvisory } from '../../usecases/audits/ports.ts';
import { advisoryKey, ADVISORIES_PK, waveKey } from './audit-keys.ts';
import { putAll } from './batch-write.ts';
import { translateDynamoError } from './errors.ts';
import { queryAll, writeIf } from './query.ts';

export type { StoredAdvisory };

const ADVISORY_FIELDS = ['id', 'title', 'affects', 'fixedImage', 'severity', 'createdAt'] as const;

export class AdvisoryStore implements AdvisoryPort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(advisory: Advisory): Promise<'created' | 'exists'> {
    const created = await writeIf(this.doc, new PutCommand({
      TableName: this.table,
      Item: { ...advisoryKey(advisory.id), entity: 'advisory', ...advisory },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
    return created ? 'created' : 'exists';
  }

  /** Names the fixed image of an advisory recorded without one; false if it has one already (or is gone). */
  async addFixedImage(id: string, fixedImage: NonNullable<Advisory['fixedImage']>): Promise<boolean> {
    return writeIf(this.doc, new UpdateCommand({
      TableName: this.table,
      Key: advisoryKey(id),
      UpdateExpression: 'SET fixedImage = :fixed',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(fixedImage)',
      ExpressionAttributeValues: { ':fixed': fixedImage },
    }));
  }

  async get(id: string): Promise<StoredAdvisory | undefined> {
    const out = await this.doc
      .send(new GetCommand({ TableName: this.table, Key: advisoryKey(id), ConsistentRead: true }))
      .catch(translateDynamoError);
    return out.Item === undefined ? undefined : toStored(out.Item);
  }

  async list(): Promise<StoredAdvisory[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :advisory)',
      ExpressionAttributeValues: { ':pk': ADVISORIES_PK, ':advisory': 'ADVISORY#' },
    });
    return items.map(toStored);
  }

  /** Writes the roll plan's waves; rewriting the same plan is harmless. */
  async putWaves(advisoryId: string, planId: string, waves: readonly RollWave[]): Promise<void> {
    const items = waves.map((wave) => ({ ...waveKey(advisoryId, planId, wave.index), entity: 'rollWave', advisoryId, planId, ...wave }));
    await putAll(this.doc, this.table, items);
  }

  async wave(advisoryId: string, planId: string, index: number): Promise<RollWave | undefined> {
    const out = await this.doc
      .send(new GetCommand({ TableName: this.table, Key: waveKey(advisoryId, planId, index), ConsistentRead: true }))
      .catch(translateDynamoError);
    if (out.Item === undefined) return undefined;
    const { index: i, phase, steps } = out.Item as unknown as RollWave;
    return { index: i, phase, steps };
  }

  /** Starts the roll once; 'exists' when a roll was already started (its waves were written first). */
  async startRoll(advisoryId: string, roll: RollState): Promise<'started' | 'exists'> {
    return (await this.setRoll(advisoryId, roll, 'attribute_exists(pk) AND attribute_not_exists(#roll)', {})) ? 'started' : 'exists';
  }

  /** Replaces the roll state if it still is at `expected` (wave and raised wave); false if it moved. */
  async moveRoll(advisoryId: string, expected: Pick<RollState, 'currentWave' | 'raisedWave'>, next: RollState): Promise<boolean> {
    return this.setRoll(advisoryId, next, '#roll.currentWave = :wave AND #roll.raisedWave = :raised', {
      ':wave': expected.currentWave,
      ':raised': expected.raisedWave,
    });
  }

  private async setRoll(advisoryId: string, roll: RollState, condition: string, values: Record<string, unknown>): Promise<boolean> {
    return writeIf(this.doc, new UpdateCommand({
      TableName: this.table,
      Key: advisoryKey(advisoryId),
      UpdateExpression: 'SET #roll = :roll',
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#roll': 'roll' },
      ExpressionAttributeValues: { ':roll': roll, ...values },
    }));
  }
}

export function toStored(item: Record<string, unknown>): StoredAdvisory {
  const advisory = Object.fromEntries(ADVISORY_FIELDS.filter((k) => item[k] !== undefined).map((k) => [k, item[k]])) as unknown as Advisory;
  const roll = item.roll as RollState | undefined;
  return roll === undefined ? { advisory } : { advisory, roll };
}
