import * as z from 'zod';
import { UnsupportedEventError } from '../errors.ts';
import { parseOrThrow, tryParseJson } from './schema-parts.ts';
import { looksLikeSnsAlarmMessage, parseSnsAlarmMessage } from './sns-message.ts';
import type { AlarmStateChange } from './types.ts';

const snsRecordSchema = z.object({
  EventSource: z.literal('aws:sns'),
  Sns: z.object({ MessageId: z.string().optional(), Message: z.string() }),
});

function parseSnsRecord(record: unknown, index: number): AlarmStateChange {
  const where = `Records.${index}`;
  const { Sns } = parseOrThrow(snsRecordSchema, record, 'SNS event record', where);
  const message = tryParseJson(Sns.Message);
  if (!looksLikeSnsAlarmMessage(message)) {
    const id = Sns.MessageId === undefined ? '' : ` ${Sns.MessageId}`;
    throw new UnsupportedEventError(`SNS message${id} in ${where} is not a CloudWatch alarm notification`);
  }
  return parseSnsAlarmMessage(message, `${where}.Sns.Message`);
}

/**
 * Parses every record of an SNS -> Lambda event. All or nothing: one record that is not a valid alarm
 * notification rejects the whole event, so that nothing is recorded from an input we could not read.
 */
export function parseSnsRecords(records: readonly unknown[]): AlarmStateChange[] {
  return records.map((record, index) => parseSnsRecord(record, index));
}
