/**
 * The lifecycle ledger's DynamoDB adapter. A transition is one TransactWriteItems: the instance update
 * (conditional on the version read), the history entry, the cause marker and the two counter moves.
 * Either all of it is written or none of it.
 */
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InstanceAlreadyExistsError, InstanceNotFoundError, StaleVersionError } from '../../domain/errors.ts';
import { causeKey, type HistoryEntry, type Instance } from '../../domain/instance.ts';
import type { Transitioned } from '../../domain/lifecycle.ts';
import type { InstanceFinderPort, InstanceStorePort, LoadedForChange, WriteOutcome } from '../../usecases/ledger/ports.ts';
import { translateDynamoError } from './errors.ts';
import { fromInstanceItem, stateIndexAttributes, toInstanceItem } from './instance-item.ts';
import { transactNamed, type Cancellation, type NamedItems, type TransactItem } from './transact.ts';
import { causeMarkerKey, counterKey, historyKey, instanceKey, inventoryKey, shardOf } from './keys.ts';


/** Cause markers only need to outlive redeliveries; the history entry keeps the cause for good. */
const CAUSE_MARKER_TTL_SECONDS = 30 * 24 * 3600;

export type { LoadedForChange, WriteOutcome };

export class InstanceStore implements InstanceStorePort, InstanceFinderPort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly table: string,
  ) {}

  async register({ instance, entry }: Transitioned): Promise<WriteOutcome> {
    const cancelled = await transactNamed(this.doc, `registration of ${instance.id}`, [
      ['instance', { Put: { TableName: this.table, Item: toInstanceItem(instance), ConditionExpression: 'attribute_not_exists(pk)' } }],
      ...this.entryWrites(entry),
      ['stateCount', this.counterMove(instance, instance.state, 1)],
      ['inventory', this.inventoryMove(instance, 1)],
    ]);
    return registrationOutcome(cancelled, instance.id);
  }

  /** Writes a transition computed from `before`; fails with StaleVersionError if the version moved. */
  async applyTransition(before: Instance, { instance, entry }: Transitioned): Promise<WriteOutcome> {
    const goesAvailable = instance.state === 'available' && before.silentSince !== undefined;
    const cancelled = await transactNamed(this.doc, `transition of ${instance.id}`, [
      ['instance', {
        Update: {
          TableName: this.table,
          Key: instanceKey(instance.id),
          UpdateExpression:
            'SET #state = :to, version = :next, stateSince = :at, stateKey = :stateKey, stateSort = :stateSort' +
            (goesAvailable ? ' REMOVE silentSince, silentKey' : ''),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':to': instance.state,
            ':next': instance.version,
            ':at': instance.stateSince,
            ':expected': before.version,
            ...prefixKeys(stateIndexAttributes(instance)),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      }],
      ...this.entryWrites(entry),
      ['countFrom', this.counterMove(before, before.state, -1)],
      ['countTo', this.counterMove(instance, instance.state, 1)],
      // Leaving service (retired) takes the instance out of the image inventory.
      ...(instance.state === 'retired' ? [['inventory', this.inventoryMove(instance, -1)] as const] : []),
    ]);
    return transitionOutcome(cancelled, instance.id, before.version, () => {
      const old = cancelled?.oldItem('instance');
      if (old === undefined) return undefined;
      const actual = Number((old.version as { N?: string } | undefined)?.N);
      return { version: Number.isNaN(actual) ? undefined : actual };
    });
  }

  async find(id: string): Promise<Instance | undefined> {
    const out = await this.doc
      .send(new GetCommand({ TableName: this.table, Key: instanceKey(id), ConsistentRead: true }))
      .catch(translateDynamoError);
    return out.Item ? fromInstanceItem(out.Item) : undefined;
  }

  async get(id: string): Promise<Instance> {
    const instance = await this.find(id);
    if (instance === undefined) throw new InstanceNotFoundError(id);
    return instance;
  }

  /** One round trip: the instance and whether `cause` was already recorded on it. */
  async loadForChange(id: string, cause: string): Promise<LoadedForChange> {
    const keys = [instanceKey(id), causeMarkerKey(id, cause)];
    const out = await this.doc
      .send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }))
      .catch(translateDynamoError);
    const items = out.Responses?.[this.table] ?? [];
    const meta = items.find((item) => item.sk === 'META');
    if (meta === undefined) throw new InstanceNotFoundError(id);
    const marker = items.find((item) => item.sk !== 'META');
    const loaded: LoadedForChange = { instance: fromInstanceItem(meta) };
    if (marker !== undefined) loaded.recordedVersion = Number(marker.version);
    return loaded;
  }

  async historyEntry(id: string, version: number): Promise<HistoryEntry | undefined> {
    const out = await this.doc
      .send(new GetCommand({ TableName: this.table, Key: historyKey(id, version), ConsistentRead: true }))
      .catch(translateDynamoError);
    return out.Item ? toHistoryEntry(out.Item) : undefined;
  }

  /** History newest first. */
  async history(id: string, limit = 50): Promise<HistoryEntry[]> {
    const out = await this.doc
      .send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hist)',
          ExpressionAttributeValues: { ':pk': instanceKey(id).pk, ':hist': 'HIST#' },
          ScanIndexForward: false,
          Limit: limit,
        }),
      )
      .catch(translateDynamoError);
    return (out.Items ?? []).map(toHistoryEntry);
  }

  private entryWrites(entry: HistoryEntry): NamedItems {
    const key = causeKey(entry.cause);
    const expiresAt = Math.floor(Date.parse(entry.at) / 1000) + CAUSE_MARKER_TTL_SECONDS;
    return [
      ['history', {
        Put: {
          TableName: this.table,
          Item: { ...historyKey(entry.instanceId, entry.version), entity: 'history', ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }],
      ['cause', {
        Put: {
          TableName: this.table,
          Item: { ...causeMarkerKey(entry.instanceId, key), entity: 'cause', version: entry.version, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }],
    ];
  }

  private counterMove(instance: Pick<Instance, 'id' | 'service'>, state: Instance['state'], by: number): TransactItem {
    return {
      Update: {
        TableName: this.table,
        Key: counterKey(shardOf(instance.id), instance.service, state),
        UpdateExpression: 'ADD n :by',
        ExpressionAttributeValues: { ':by': by },
      },
    };
  }

  private inventoryMove(instance: Instance, by: number): TransactItem {
    const image = `${instance.image.name}:${instance.image.version}`;
    return {
      Update: {
        TableName: this.table,
        Key: inventoryKey(shardOf(instance.id), instance.service, instance.zone, image),
        UpdateExpression: 'ADD n :by',
        ExpressionAttributeValues: { ':by': by },
      },
    };
  }
}

function prefixKeys(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`:${k}`, v]));
}

function toHistoryEntry(item: Record<string, unknown>): HistoryEntry {
  const { instanceId, version, from, to, at, actor, reason, cause, breakGlass } = item as unknown as HistoryEntry;
  return { instanceId, version, from: from ?? null, to, at, actor, reason, cause, ...(breakGlass === undefined ? {} : { breakGlass }) };
}

/** What a registration's transaction came to: applied, a redelivered cause, or an instance already registered. */
export function registrationOutcome(cancelled: Cancellation | undefined, instanceId: string): WriteOutcome {
  if (cancelled === undefined) return 'applied';
  if (cancelled.failed('cause')) return 'duplicate';
  if (cancelled.failed('instance')) throw new InstanceAlreadyExistsError(instanceId);
  throw cancelled.unexpected();
}

/**
 * What a transition's transaction came to: applied, a redelivered cause, or a lost race (the instance gone, or at
 * another version than `expected`). `stored` reads the instance as the failed condition found it.
 */
export function transitionOutcome(
  cancelled: Cancellation | undefined,
  instanceId: string,
  expected: number,
  stored: () => { version: number | undefined } | undefined,
): WriteOutcome {
  if (cancelled === undefined) return 'applied';
  if (cancelled.failed('cause')) return 'duplicate';
  if (cancelled.failed('instance')) {
    const found = stored();
    if (found === undefined) throw new InstanceNotFoundError(instanceId);
    throw new StaleVersionError(instanceId, expected, found.version);
  }
  if (cancelled.failed('history')) throw new StaleVersionError(instanceId, expected);
  throw cancelled.unexpected();
}
