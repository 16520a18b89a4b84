/**
 * What Fleetwarden knows of itself as an observer, in one small item (`DETECTION / OBSERVER`):
 *
 *   frontier, processedAt      the heartbeat consumers' intake mark (shared/domain/observer/watermark.ts); only
 *                              ever advanced, at most once per consumer container per few seconds
 *   gap                        the latest gap in Fleetwarden's own running (intake jump or sweeper pause)
 *   lastSweepAt                when the sweeper last ran
 *   hold, scopes, version      the detection hold the sweeper keeps (shared/domain/observer/hold.ts)
 *
 * The consumers and the sweeper write disjoint attributes, so neither overwrites the other's.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isJudged, type DetectionState } from '../../domain/observer/hold.ts';
import { intakeGap, type IntakeMark, type ObserverGap } from '../../domain/observer/watermark.ts';
import type { IntakePort, ObserverPort, ObserverRecord } from '../../usecases/detection/ports.ts';
import { translateDynamoError } from './errors.ts';
import { isConditionFailure, writeIf } from './query.ts';

export const OBSERVER_KEY = { pk: 'DETECTION', sk: 'OBSERVER' } as const;

export type { ObserverRecord };

export class ObserverStore implements ObserverPort, IntakePort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async read(): Promise<ObserverRecord> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: OBSERVER_KEY, ConsistentRead: true })).catch(translateDynamoError);
    return toRecord(out.Item);
  }

  /**
   * Advances the intake mark; an older frontier than the recorded one changes nothing. A jump longer than
   * `gapSeconds` is recorded as an intake gap, and returned.
   */
  async advanceIntake(mark: IntakeMark, gapSeconds: number): Promise<ObserverGap | undefined> {
    let previous: string | undefined;
    try {
      const out = await this.doc.send(new UpdateCommand({
        TableName: this.table,
        Key: OBSERVER_KEY,
        UpdateExpression: 'SET #frontier = :f, processedAt = :p, entity = :entity',
        ConditionExpression: 'attribute_not_exists(#frontier) OR #frontier < :f',
        ExpressionAttributeNames: { '#frontier': 'frontier' },
        ExpressionAttributeValues: { ':f': mark.frontier, ':p': mark.processedAt, ':entity': 'observer' },
        ReturnValues: 'UPDATED_OLD',
        ReturnValuesOnConditionCheckFailure: 'NONE',
      }));
      previous = typeof out.Attributes?.frontier === 'string' ? out.Attributes.frontier : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      return translateDynamoError(error);
    }
    const gap = intakeGap(previous, mark.frontier, gapSeconds);
    if (gap !== undefined) await this.recordGap(gap);
    return gap;
  }

  /** Keeps the latest gap: an older one (a late writer) does not replace a newer. */
  async recordGap(gap: ObserverGap): Promise<void> {
    await writeIf(this.doc, new UpdateCommand({
      TableName: this.table,
      Key: OBSERVER_KEY,
      UpdateExpression: 'SET #gap = :gap, entity = :entity',
      ConditionExpression: 'attribute_not_exists(#gap) OR #gap.endedAt < :end',
      ExpressionAttributeNames: { '#gap': 'gap' },
      ExpressionAttributeValues: { ':gap': gap, ':end': gap.endedAt, ':entity': 'observer' },
    }));
  }

  /**
   * Saves the sweeper's view if nobody saved one since `expectedVersion` was read; false when another sweep did
   * (it then owns the announcements).
   */
  async saveDetection(state: DetectionState, sweptAt: string, expectedVersion: number): Promise<boolean> {
    const set = ['#scopes = :scopes', 'lastSweepAt = :swept', '#version = :next', 'entity = :entity'];
    const values: Record<string, unknown> = { ':scopes': state.scopes, ':swept': sweptAt, ':next': expectedVersion + 1, ':entity': 'observer' };
    if (state.hold !== undefined) {
      set.push('#hold = :hold');
      values[':hold'] = state.hold;
    }
    const condition = expectedVersion === 0 ? 'attribute_not_exists(#version)' : '#version = :expected';
    if (expectedVersion !== 0) values[':expected'] = expectedVersion;
    return writeIf(this.doc, new UpdateCommand({
      TableName: this.table,
      Key: OBSERVER_KEY,
      UpdateExpression: `SET ${set.join(', ')}${state.hold === undefined ? ' REMOVE #hold' : ''}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#scopes': 'scopes', '#version': 'version', '#hold': 'hold' },
      ExpressionAttributeValues: values,
    }));
  }

  /** Notes that the hold starting at `since` was announced (published and paged). */
  async markAnnounced(since: string, at: string): Promise<void> {
    await writeIf(this.doc, new UpdateCommand({
      TableName: this.table,
      Key: OBSERVER_KEY,
      UpdateExpression: 'SET #hold.announcedAt = :at',
      ConditionExpression: '#hold.since = :since',
      ExpressionAttributeNames: { '#hold': 'hold' },
      ExpressionAttributeValues: { ':at': at, ':since': since },
    }));
  }

  /** An engineer lets detection judge a held service's silence; false when the service is not held. */
  async releaseScope(service: string, by: string, at: string): Promise<boolean> {
    const record = await this.read();
    const index = record.scopes.findIndex((s) => s.service === service && !isJudged(s));
    if (index < 0) return false;
    return writeIf(this.doc, new UpdateCommand({
      TableName: this.table,
      Key: OBSERVER_KEY,
      UpdateExpression: `SET #scopes[${index}].releasedAt = :at, #scopes[${index}].releasedBy = :by`,
      ConditionExpression: `#version = :version AND #scopes[${index}].service = :service`,
      ExpressionAttributeNames: { '#scopes': 'scopes', '#version': 'version' },
      ExpressionAttributeValues: { ':at': at, ':by': by, ':version': record.version, ':service': service },
    }));
  }
}

export function toRecord(item: Record<string, unknown> | undefined): ObserverRecord {
  const record: ObserverRecord = { scopes: Array.isArray(item?.scopes) ? (item.scopes as ObserverRecord['scopes']) : [], version: Number(item?.version ?? 0) };
  if (item === undefined) return record;
  if (typeof item.frontier === 'string' && typeof item.processedAt === 'string') record.intake = { frontier: item.frontier, processedAt: item.processedAt };
  if (item.gap !== undefined) record.gap = item.gap as ObserverGap;
  if (typeof item.lastSweepAt === 'string') record.lastSweepAt = item.lastSweepAt;
  if (item.hold !== undefined) record.hold = item.hold as DetectionState['hold'];
  return record;
}
