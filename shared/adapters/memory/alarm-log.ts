/** What alarm intake records in memory (dynamo/alarm-log.ts): each alarm's last state per instance, and unmatched alarms. */
import type { AlarmStateChange } from '../../domain/alarms/index.ts';
import { observationKey, unmatchedKey, type AlarmLog, type AlarmObservation, type ObserveOutcome, type UnmatchedAlarm } from '../dynamo/alarm-log.ts';
import type { PublicApi } from './public-api.ts';
import type { Item } from './table.ts';
import type { MemoryTables } from './tables.ts';

const OBSERVATION_TTL_SECONDS = 90 * 24 * 3600;
const UNMATCHED_TTL_SECONDS = 30 * 24 * 3600;

const expiry = (now: Date, seconds: number) => Math.floor(now.getTime() / 1000) + seconds;

export class MemoryAlarmLog implements PublicApi<AlarmLog> {
  constructor(private readonly db: MemoryTables) {}

  async observe(instanceId: string, change: AlarmStateChange, now: Date, suppressedBy?: string): Promise<ObserveOutcome> {
    const { alarmArn, alarmName, state, at, reason, occurrenceId } = change;
    const key = observationKey(instanceId, alarmArn);
    const old = this.db.ledger.peek(key);
    if (typeof old?.at === 'string' && !(old.at < at)) return old.occurrenceId === occurrenceId ? 'duplicate' : 'late';
    this.db.ledger.put({
      ...key, entity: 'alarm-observation', instanceId, alarmArn, alarmName, state, at, reason, occurrenceId,
      ...(suppressedBy === undefined ? {} : { suppressedBy }), recordedAt: now.toISOString(), expiresAt: expiry(now, OBSERVATION_TTL_SECONDS),
    });
    return 'recorded';
  }

  async observations(instanceId: string): Promise<AlarmObservation[]> {
    return this.db.ledger.query(`INST#${instanceId}`, { prefix: 'ALARMOBS#' }).map((item) => withoutKeys(item) as unknown as AlarmObservation);
  }

  async recordUnmatched(alarm: UnmatchedAlarm, now: Date): Promise<'recorded' | 'duplicate'> {
    const key = unmatchedKey(alarm.at, alarm.alarmArn, alarm.state);
    if (this.db.ledger.has(key)) return 'duplicate';
    this.db.ledger.put({ ...key, entity: 'unmatched-alarm', ...alarm, expiresAt: expiry(now, UNMATCHED_TTL_SECONDS) });
    return 'recorded';
  }

  async unmatchedOn(date: string): Promise<UnmatchedAlarm[]> {
    return this.db.ledger.query(`UNMATCHED#${date}`).map((item) => withoutKeys(item) as unknown as UnmatchedAlarm);
  }
}

function withoutKeys(item: Item): Item {
  const { pk: _pk, sk: _sk, entity: _entity, expiresAt: _expires, ...rest } = item;
  return rest;
}
