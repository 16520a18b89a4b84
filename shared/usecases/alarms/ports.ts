/**
 * Alarm intake's ports: what shared/usecases/alarm-intake.ts and alarm-effects.ts call on the outside besides the
 * ledger's. AlarmLog (DynamoDB) and cloudWatchAlarmTags (CloudWatch) implement them.
 */
import type { AlarmState, AlarmStateChange } from '../../domain/alarms/index.ts';

export type ObserveOutcome = 'recorded' | 'duplicate' | 'late';

export interface UnmatchedAlarm {
  alarmArn: string;
  alarmName: string;
  state: AlarmState;
  at: string;
  occurrenceId: string;
  /** The ids the alarm named (by tag, name or dimension) that are not registered; empty when it named none. */
  candidates: string[];
  condition: string;
  recordedAt: string;
}

export interface AlarmLogPort {
  /**
   * Records the alarm's state for one instance unless a newer state of the same alarm is already recorded:
   * `late` then, and the caller must change nothing. `duplicate` is the same occurrence again.
   */
  observe(instanceId: string, change: AlarmStateChange, now: Date, suppressedBy?: string): Promise<ObserveOutcome>;
  recordUnmatched(alarm: UnmatchedAlarm, now: Date): Promise<'recorded' | 'duplicate'>;
}

/** An alarm's tags by its ARN; undefined when they cannot be read (the alarm is then mapped without them). */
export type AlarmTagSource = (alarmArn: string) => Promise<Record<string, string> | undefined>;
