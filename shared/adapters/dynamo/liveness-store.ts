/**
 * Liveness, stored so that a healthy fleet costs one small write per cell report, not one per instance:
 *
 *   CELLS#<shard> / CELL#<cellId>   lastSeenAt, digest (of the member ids last reported), attention (ids that
 *                                    silence marked and a heartbeat should bring back)
 *   instance.silentSince            set only when an instance goes missing from a cell that keeps reporting
 *                                    (sparse index bySilence); cleared when it reports again
 *   instance.lastHeartbeatAt        only for single-instance heartbeat events (small fleets)
 *   instance.metrics and facts      the snapshot cadence's write (and a verified remediation's), one per instance
 *   PAGES#<minute> / PAGE#...       the steady reports of one heartbeat batch, `cells: { cellId: at }`, expiring
 *                                    (shared/domain/report-pages.ts); a cell's last report is the later of its
 *                                    item's lastSeenAt and its pages'
 */
import { BatchGetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailableError } from '../../domain/errors.ts';
import type { FactAspect, InstanceObservation } from '../../domain/facts.ts';
import type { LifecycleState, Service } from '../../domain/instance.ts';
import type { CellChange, CellRecord, HeartbeatLivenessPort, ReportPage, SilentMember, SweepLivenessPort } from '../../usecases/detection/ports.ts';
import { translateDynamoError } from './errors.ts';
import { latestByCell } from '../../domain/report-pages.ts';
import { cellIndexKey, INDEX, instanceKey, pageKey, pageMinutes, pagePartition, SHARDS, shardOf, silenceIndexKey } from './keys.ts';
import { observationUpdate, partialAspects, writesAnything } from './observation-update.ts';
import { conditionFailedItem, isConditionFailure, writeIf } from './query.ts';

const OBSERVATION_ATTEMPTS = 3;
/** BatchGetItem takes at most 100 keys; unprocessed keys are retried this many times before the rest is left out. */
const BATCH_GET = 100;
const BATCH_GET_ATTEMPTS = 4;

export type { CellRecord, ReportPage, SilentMember };

export const cellKey = (cellId: string) => ({ pk: `CELLS#${shardOf(cellId)}`, sk: `CELL#${cellId}` });

export class LivenessStore implements HeartbeatLivenessPort, SweepLivenessPort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Records a cell report and returns the cell as it was before it (first report: a cell with no fields);
   * undefined when a newer report was already recorded (out-of-order delivery).
   */
  async recordCellReport(cellId: string, at: string): Promise<CellRecord | undefined> {
    try {
      const out = await this.doc.send(new UpdateCommand({
        TableName: this.table,
        Key: cellKey(cellId),
        UpdateExpression: 'SET lastSeenAt = :at, cellId = :cell, entity = :entity',
        // Equal times pass: a redelivered report is harmless (every change it causes is idempotent).
        ConditionExpression: 'attribute_not_exists(lastSeenAt) OR lastSeenAt <= :at',
        ExpressionAttributeValues: { ':at': at, ':cell': cellId, ':entity': 'cell' },
        ReturnValues: 'ALL_OLD',
      }));
      return toCell({ cellId, ...out.Attributes });
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      return translateDynamoError(error);
    }
  }

  /**
   * The cells' items in one consistent BatchGetItem per 100 (1 read unit each): what the heartbeat function tells
   * steady reports from changed ones by. A cell with no item, or whose key stayed unprocessed, is left out.
   */
  async cellsById(cellIds: readonly string[]): Promise<Map<string, CellRecord>> {
    const unique = [...new Set(cellIds)];
    const found = new Map<string, CellRecord>();
    for (let i = 0; i < unique.length; i += BATCH_GET) {
      let keys: Record<string, unknown>[] = unique.slice(i, i + BATCH_GET).map(cellKey);
      for (let attempt = 1; keys.length > 0 && attempt <= BATCH_GET_ATTEMPTS; attempt++) {
        if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
        const out = await this.doc
          .send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }))
          .catch(translateDynamoError);
        for (const item of out.Responses?.[this.table] ?? []) found.set(String(item.cellId), toCell(item));
        keys = out.UnprocessedKeys?.[this.table]?.Keys ?? [];
      }
    }
    return found;
  }

  /** Records one batch's steady reports (one PutItem: a page of ten small entries is one write unit). */
  async writePage(page: ReportPage): Promise<void> {
    await this.doc.send(new PutCommand({
      TableName: this.table,
      Item: { ...pageKey(page.writtenAt, page.id), entity: 'report-page', cells: page.cells, writtenAt: page.writtenAt, expiresAt: page.expiresAt },
    })).catch(translateDynamoError);
  }

  /**
   * The latest paged report of every cell in the pages written from `since` to `until`: one query per minute
   * partition (eventually consistent, as the cell records are read).
   */
  async pagedSince(since: Date, until: Date): Promise<Map<string, string>> {
    const pages = await Promise.all(pageMinutes(since, until).map((minute) => this.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk >= :from',
      ExpressionAttributeValues: { ':pk': pagePartition(minute), ':from': `PAGE#${since.toISOString()}` },
      ProjectionExpression: 'cells',
    })));
    return latestByCell(pages.flat().map((item) => (item.cells ?? {}) as Record<string, string>));
  }

  /**
   * One cell's latest paged report (before `before`, if given), in the pages written from `since` to `until`: what a
   * member missing from a report was last seen at, when the previous report was paged (only membership changes
   * ask), and whether a stale cell reported since its sweep was planned (only a stale cell's job asks).
   */
  async lastPagedReport(cellId: string, since: Date, until: Date, before?: string): Promise<string | undefined> {
    const pages = await Promise.all(pageMinutes(since, until).map((minute) => this.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk >= :from',
      FilterExpression: 'attribute_exists(#cells.#cell)',
      ProjectionExpression: '#cells.#cell',
      ExpressionAttributeNames: { '#cells': 'cells', '#cell': cellId },
      ExpressionAttributeValues: { ':pk': pagePartition(minute), ':from': `PAGE#${since.toISOString()}` },
    })));
    const times = pages.flat().map((item) => (item.cells as Record<string, string> | undefined)?.[cellId]).filter((at): at is string => at !== undefined && (before === undefined || Date.parse(at) < Date.parse(before)));
    return times.length === 0 ? undefined : times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
  }

  /**
   * A sweep job found the cell stale from a paged report: the item takes that time, so the judgement no longer
   * depends on the page (which expires). A no-op when the item already has it or later.
   */
  async carryLastSeen(cellId: string, at: string): Promise<void> {
    await writeIf(this.doc, new UpdateCommand({
      TableName: this.table,
      Key: cellKey(cellId),
      UpdateExpression: 'SET lastSeenAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND lastSeenAt < :at',
      ExpressionAttributeValues: { ':at': at },
    }));
  }

  /** A new member joins (or returns to a heartbeating state): the cell exists, and its next report re-checks membership. */
  async expectMember(cellId: string, at: string, member: { zone: string; service: Service }): Promise<void> {
    await this.doc.send(new UpdateCommand({
      TableName: this.table,
      Key: cellKey(cellId),
      UpdateExpression: 'SET lastSeenAt = if_not_exists(lastSeenAt, :at), cellId = :cell, entity = :entity, #zone = :zone ADD services :service REMOVE digest',
      ExpressionAttributeNames: { '#zone': 'zone' },
      ExpressionAttributeValues: { ':at': at, ':cell': cellId, ':entity': 'cell', ':zone': member.zone, ':service': new Set([member.service]) },
    })).catch(translateDynamoError);
  }

  async updateCell(
    cellId: string,
    change: CellChange,
  ): Promise<void> {
    const set: string[] = [];
    const values: Record<string, unknown> = {};
    const parts: string[] = [];
    if (change.digest !== undefined) {
      set.push('digest = :digest');
      values[':digest'] = change.digest;
    }
    if (change.metricsAt !== undefined) {
      set.push('metricsAt = :metricsAt');
      values[':metricsAt'] = change.metricsAt;
    }
    if (set.length > 0) parts.push(`SET ${set.join(', ')}`);
    if (change.addAttention?.length) {
      parts.push('ADD attention :add');
      values[':add'] = new Set(change.addAttention);
    }
    if (change.removeAttention?.length) {
      parts.push('DELETE attention :remove');
      values[':remove'] = new Set(change.removeAttention);
    }
    if (parts.length === 0) return;
    await this.doc.send(new UpdateCommand({
      TableName: this.table,
      Key: cellKey(cellId),
      UpdateExpression: parts.join(' '),
      ExpressionAttributeValues: values,
    })).catch(translateDynamoError);
  }

  async cell(cellId: string): Promise<CellRecord | undefined> {
    const out = await this.doc
      .send(new QueryCommand({ TableName: this.table, KeyConditionExpression: 'pk = :pk AND sk = :sk', ExpressionAttributeValues: { ':pk': cellKey(cellId).pk, ':sk': cellKey(cellId).sk } }))
      .catch(translateDynamoError);
    const item = out.Items?.[0];
    return item === undefined ? undefined : toCell(item);
  }

  /**
   * Records what was observed of an instance: its latest metrics snapshot and its facts, merged by the rule in
   * shared/domain/facts.ts. One UpdateItem in the steady state; the first time a fact lands in an aspect the item
   * lacks (say, no `backup` map yet), a second one creates it (observation-update.ts). An instance that is not
   * registered is skipped.
   */
  async recordObservation(instanceId: string, observation: InstanceObservation): Promise<void> {
    if (!writesAnything(observation)) return;
    const missing = new Set<FactAspect>();
    for (let attempt = 1; attempt <= OBSERVATION_ATTEMPTS; attempt++) {
      try {
        await this.doc.send(new UpdateCommand({
          TableName: this.table,
          Key: instanceKey(instanceId),
          ...observationUpdate(observation, missing),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }));
        return;
      } catch (error) {
        const old = conditionFailedItem(error);
        if (old === undefined) return translateDynamoError(error);
        if (old === null) return; // not registered
        missing.clear();
        for (const aspect of partialAspects(observation)) if (!(aspect in old)) missing.add(aspect);
      }
    }
    // Only a writer racing on the same aspects, attempt after attempt, gets here.
    throw new DependencyUnavailableError('DynamoDB', { cause: new Error(`observation of ${instanceId} lost ${OBSERVATION_ATTEMPTS} races`) });
  }

  /** Every cell (a small item each; thousands at a million instances), read in SHARDS parallel queries. */
  async cells(): Promise<CellRecord[]> {
    const shards = await Promise.all(
      Array.from({ length: SHARDS }, (_, shard) => this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CELLS#${shard}` } })),
    );
    return shards.flat().map(toCell);
  }

  /** The members of a cell, from the byCell index (id, state, version, silentSince, lastHeartbeatAt). */
  async members(cellId: string): Promise<SilentMember[]> {
    const items = await this.queryAll({
      IndexName: INDEX.byCell,
      KeyConditionExpression: 'cellKey = :cell',
      ExpressionAttributeValues: { ':cell': cellIndexKey(cellId) },
    });
    return items.map((item) => toMember(item, cellId));
  }

  /** Instances that went missing from live cells at or before `before`. */
  async silentSince(before: string): Promise<SilentMember[]> {
    const shards = await Promise.all(
      Array.from({ length: SHARDS }, (_, shard) =>
        this.queryAll({
          IndexName: INDEX.bySilence,
          KeyConditionExpression: 'silentKey = :key AND silentSince <= :before',
          ExpressionAttributeValues: { ':key': `SILENT#${shard}`, ':before': before },
        }),
      ),
    );
    return shards.flat().map((item) => toMember(item, String(item.cellId)));
  }

  /** Marks an instance missing from its live cell; a no-op if it is already marked. */
  async markSilent(instanceId: string, since: string): Promise<boolean> {
    return writeIf(this.doc, new UpdateCommand({
      TableName: this.table,
      Key: instanceKey(instanceId),
      UpdateExpression: 'SET silentSince = :since, silentKey = :key',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(silentSince)',
      ExpressionAttributeValues: { ':since': since, ':key': silenceIndexKey(instanceId) },
    }));
  }

  /** Clears the mark; an instance that is not registered (any more) is skipped. */
  async clearSilent(instanceId: string): Promise<void> {
    await writeIf(this.doc, new UpdateCommand({
      TableName: this.table,
      Key: instanceKey(instanceId),
      UpdateExpression: 'REMOVE silentSince, silentKey',
      ConditionExpression: 'attribute_exists(pk)',
    }));
  }

  /** A single-instance heartbeat; returns the instance's state, or undefined if it is not registered. */
  async recordInstanceHeartbeat(instanceId: string, at: string): Promise<LifecycleState | undefined> {
    try {
      const out = await this.doc.send(new UpdateCommand({
        TableName: this.table,
        Key: instanceKey(instanceId),
        UpdateExpression: 'SET lastHeartbeatAt = :at REMOVE silentSince, silentKey',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastHeartbeatAt) OR lastHeartbeatAt < :at)',
        ExpressionAttributeValues: { ':at': at },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }));
      return out.Attributes?.state as LifecycleState;
    } catch (error) {
      const old = conditionFailedItem(error);
      if (old === undefined) return translateDynamoError(error);
      return (old?.state as { S?: string } | undefined)?.S as LifecycleState | undefined;
    }
  }

  private async queryAll(input: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc
        .send(new QueryCommand({ TableName: this.table, ...input, ExclusiveStartKey: start }))
        .catch(translateDynamoError);
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }
}

export function toCell(item: Record<string, unknown>): CellRecord {
  const attention = item.attention instanceof Set ? [...(item.attention as Set<string>)] : [];
  const services = item.services instanceof Set ? ([...(item.services as Set<string>)] as Service[]) : [];
  const cell: CellRecord = { cellId: String(item.cellId), attention, services };
  if (typeof item.zone === 'string') cell.zone = item.zone;
  if (typeof item.lastSeenAt === 'string') cell.lastSeenAt = item.lastSeenAt;
  if (typeof item.digest === 'string') cell.digest = item.digest;
  if (typeof item.metricsAt === 'string') cell.metricsAt = item.metricsAt;
  return cell;
}

export function toMember(item: Record<string, unknown>, cellId: string): SilentMember {
  const member: SilentMember = {
    id: String(item.id),
    state: item.state as LifecycleState,
    version: Number(item.version),
    cellId,
    service: item.service as Service,
  };
  if (typeof item.silentSince === 'string') member.silentSince = item.silentSince;
  if (typeof item.lastHeartbeatAt === 'string') member.lastHeartbeatAt = item.lastHeartbeatAt;
  return member;
}
