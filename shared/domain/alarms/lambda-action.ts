import * as z from 'zod';
import { alarmBodySchema, changeFromAlarmBody } from './alarm-body.ts';
import { alarmArnSchema, parseOrThrow } from './schema-parts.ts';
import type { AlarmStateChange } from './types.ts';

const lambdaActionSchema = z.object({
  source: z.literal('aws.cloudwatch'),
  alarmArn: alarmArnSchema,
  alarmData: alarmBodySchema,
});

/**
 * Parses the payload CloudWatch sends when an alarm invokes a Lambda function directly as its action.
 * The top-level `alarmArn` is authoritative; `alarmData.alarmName` is kept as sent even when it
 * disagrees (it does in AWS's own composite sample).
 *
 * @throws ValidationError when the payload is not a well-formed alarm action.
 */
export function parseLambdaActionAlarm(event: Record<string, unknown>): AlarmStateChange {
  const parsed = parseOrThrow(lambdaActionSchema, event, 'CloudWatch alarm Lambda action');
  return changeFromAlarmBody(parsed.alarmData, 'lambda-action', parsed.alarmArn);
}
