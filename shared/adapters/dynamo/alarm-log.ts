/**
 * What alarm intake records besides conditions and transitions:
 *
 *   INST#<id> / ALARMOBS#<alarmArn>              the last state this alarm reported for this instance, and when:
 *                                                evidence (INSUFFICIENT_DATA is evidence of silence), and the guard
 *                                                that stops a late delivery of an older state undoing a newer one
 *   UNMATCHED#<yyyy-mm-dd> / <at>#<alarmArn>#<state>   an alarm that named no registered instance, dated by the
 *                                                state change (so a redelivery finds the same key)
 *
 * Both expire (attribute `expiresAt`): they are evidence for a while, not history.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ALARM_STATES } from '../../domain/alarms/types.ts';
import type { AlarmState, AlarmStateChange } from '../../domain/alarms/index.ts';
import type { AlarmLogPort, ObserveOutcome, UnmatchedAlarm } from '../../usecases/alarms/ports.ts';
import { translateDynamoError } from './errors.ts';
import { parseItem } from './item-parse.ts';
import { isConditionFailure, writeIf } from './query.ts';

const OBSERVATION_TTL_SECONDS = 90 * 24 * 3600;
const UNMATCHED_TTL_SECONDS = 30 * 24 * 3600;

export type { ObserveOutcome, UnmatchedAlarm };

export interface AlarmObservation {
  instanceId: string;
  alarmArn: string;
  alarmName: string;
  state: AlarmState;
  at: string;
  reason: string;
  occurrenceId: string;
  suppressedBy?: string;
  recordedAt: string;
}

export const observationKey = (instanceId: string, alarmArn: string) => ({ pk: `INST#${instanceId}`, sk: `ALARMOBS#${alarmArn}` });
export const unmatchedKey = (at: string, alarmArn: string, state: string) => ({
  pk: `UNMATCHED#${at.slice(0, 10)}`,
  sk: `${at}#${alarmArn}#${state}`,
});

const alarmFields = { alarmArn: z.string(), alarmName: z.string(), state: z.enum(ALARM_STATES), at: z.string(), occurrenceId: z.string(), recordedAt: z.string() };
const storedObservation = z.looseObject({ ...alarmFields, instanceId: z.string(), reason: z.string(), suppressedBy: z.string().optional() });
const storedUnmatched = z.looseObject({ ...alarmFields, candidates: z.array(z.string()), condition: z.string() });

const expiry = (now: Date, seconds: number) => Math.floor(now.getTime() / 1000) + seconds;

export class AlarmLog implements AlarmLogPort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Records the alarm's state for one instance unless a newer state of the same alarm is already recorded:
   * `late` then, and the caller must change nothing. `duplicate` is the same occurrence again.
   */
  async observe(instanceId: string, change: AlarmStateChange, now: Date, suppressedBy?: string): Promise<ObserveOutcome> {
    const { alarmArn, alarmName, state, at, reason, occurrenceId } = change;
    const item = { ...observationKey(instanceId, alarmArn), entity: 'alarm-observation', instanceId, alarmArn, alarmName, state, at, reason, occurrenceId };
    try {
      await this.doc.send(new PutCommand({
        TableName: this.table,
        Item: { ...item, ...(suppressedBy === undefined ? {} : { suppressedBy }), recordedAt: now.toISOString(), expiresAt: expiry(now, OBSERVATION_TTL_SECONDS) },
        ConditionExpression: 'attribute_not_exists(#at) OR #at < :at',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':at': at },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }));
      return 'recorded';
    } catch (error) {
      if (!isConditionFailure(error)) return translateDynamoError(error);
      const old = (error as Error & { Item?: Record<string, { S?: string }> }).Item;
      return old?.occurrenceId?.S === occurrenceId ? 'duplicate' : 'late';
    }
  }

  /** The last state of every alarm that reported on this instance. */
  async observations(instanceId: string): Promise<AlarmObservation[]> {
    const items = await this.query(`INST#${instanceId}`, 'ALARMOBS#');
    return items.map((item) => {
      const { pk: _pk, sk: _sk, entity: _entity, expiresAt: _expires, ...rest } = parseItem(storedObservation, item, 'alarm observation');
      return rest as AlarmObservation;
    });
  }

  /** Records an alarm for no known instance, once per occurrence; `duplicate` when it was already recorded. */
  async recordUnmatched(alarm: UnmatchedAlarm, now: Date): Promise<'recorded' | 'duplicate'> {
    const recorded = await writeIf(this.doc, new PutCommand({
      TableName: this.table,
      Item: { ...unmatchedKey(alarm.at, alarm.alarmArn, alarm.state), entity: 'unmatched-alarm', ...alarm, expiresAt: expiry(now, UNMATCHED_TTL_SECONDS) },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
    return recorded ? 'recorded' : 'duplicate';
  }

  /** Unmatched alarms whose state changed on `date` (yyyy-mm-dd), oldest first. */
  async unmatchedOn(date: string): Promise<UnmatchedAlarm[]> {
    const items = await this.query(`UNMATCHED#${date}`);
    return items.map((item) => {
      const { pk: _pk, sk: _sk, entity: _entity, expiresAt: _expires, ...alarm } = parseItem(storedUnmatched, item, 'unmatched alarm');
      return alarm as UnmatchedAlarm;
    });
  }

  private async query(pk: string, skPrefix?: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc
        .send(new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk' + (skPrefix === undefined ? '' : ' AND begins_with(sk, :prefix)'),
          ExpressionAttributeValues: { ':pk': pk, ...(skPrefix === undefined ? {} : { ':prefix': skPrefix }) },
          ExclusiveStartKey: start,
        }))
        .catch(translateDynamoError);
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }
}
