import { UnsupportedEventError, ValidationError } from '../errors.ts';
import { ALARM_STATE_CHANGE, parseEventBridgeAlarm } from './eventbridge.ts';
import { parseLambdaActionAlarm } from './lambda-action.ts';
import { isRecord } from './schema-parts.ts';
import { looksLikeSnsAlarmMessage, parseSnsAlarmMessage } from './sns-message.ts';
import { parseSnsRecords } from './sns.ts';
import type { AlarmStateChange } from './types.ts';

function recordSource(record: unknown): string {
  if (!isRecord(record)) return 'an unknown source';
  const source = record.EventSource ?? record.eventSource;
  return typeof source === 'string' ? source : 'an unknown source';
}

function parseRecords(records: readonly unknown[]): AlarmStateChange[] {
  if (records.length === 0) throw new UnsupportedEventError('an event with an empty Records batch');
  const foreign = records.map(recordSource).find((source) => source !== 'aws:sns');
  if (foreign === 'aws:sqs') throw new UnsupportedEventError('an SQS event; alarm intake reads SNS records only');
  if (foreign !== undefined) throw new UnsupportedEventError(`records from ${foreign}; alarm intake reads SNS records only`);
  return parseSnsRecords(records);
}

function parseCloudWatchEvent(event: Record<string, unknown>): AlarmStateChange {
  const detailType = event['detail-type'];
  if (detailType === ALARM_STATE_CHANGE) return parseEventBridgeAlarm(event);
  if (typeof detailType === 'string') {
    throw new UnsupportedEventError(`CloudWatch event "${detailType}" is not an alarm state change`);
  }
  if ('alarmData' in event || 'alarmArn' in event) return parseLambdaActionAlarm(event);
  throw new ValidationError('CloudWatch alarm event', [
    '(event): source is aws.cloudwatch but it has neither detail-type (EventBridge) nor alarmArn/alarmData (Lambda action)',
  ]);
}

function describeForeign(event: Record<string, unknown>): string {
  const source = typeof event.source === 'string' ? event.source : undefined;
  const detailType = event['detail-type'] ?? event.detailType;
  if (source === undefined) return 'no source, Records or alarm fields: not an alarm event';
  const kind = typeof detailType === 'string' ? `"${detailType}" ` : '';
  return `${kind}from ${source}, not a CloudWatch alarm`;
}

/**
 * Reads a Lambda payload from any of the three ways a CloudWatch alarm reaches Fleetwarden and returns its
 * state changes (one, or one per SNS record). A bare alarm notification (an SNS message body delivered
 * raw, e.g. through SQS) is read as the `sns` shape.
 *
 * @example
 *   const [change] = parseAlarmEvent(event); // { alarmName: 'ServerCpuTooHigh', state: 'ALARM', ... }
 * @throws UnsupportedEventError for a valid event of another kind (configuration change, schedule, SQS,
 *   an SNS message that is not an alarm).
 * @throws ValidationError listing each wrong field of something that claims to be an alarm.
 */
export function parseAlarmEvent(raw: unknown): AlarmStateChange[] {
  if (Array.isArray(raw)) throw new UnsupportedEventError('an array, not an event (PutEvents request entries?)');
  if (!isRecord(raw)) throw new UnsupportedEventError(`${raw === null ? 'null' : typeof raw}, not an event object`);
  if (Array.isArray(raw.Records)) return parseRecords(raw.Records);
  if (raw.source === 'aws.cloudwatch') return [parseCloudWatchEvent(raw)];
  if (looksLikeSnsAlarmMessage(raw)) return [parseSnsAlarmMessage(raw)];
  throw new UnsupportedEventError(describeForeign(raw));
}
