import * as z from 'zod';
import { ValidationError } from '../errors.ts';
import { alarmBodySchema, changeFromAlarmBody } from './alarm-body.ts';
import { ALARM_ARN, normalizeAlarmArn } from './normalize.ts';
import { parseOrThrow, tryParseJson } from './schema-parts.ts';
import type { AlarmStateChange } from './types.ts';

export const ALARM_STATE_CHANGE = 'CloudWatch Alarm State Change';
const WHAT = 'CloudWatch alarm state change event';

/** The alarm's ARN is only in `resources`; the detail names the alarm but not its account or region. */
const alarmResourceSchema = z.array(z.string()).transform((resources, ctx) => {
  const arn = resources.map(normalizeAlarmArn).find((resource) => ALARM_ARN.test(resource));
  if (arn !== undefined) return arn;
  ctx.addIssue({ code: 'custom', message: 'no CloudWatch alarm ARN among the resources' });
  return z.NEVER;
});

const envelopeSchema = z.object({
  'detail-type': z.literal(ALARM_STATE_CHANGE),
  source: z.literal('aws.cloudwatch'),
  resources: alarmResourceSchema,
  detail: alarmBodySchema,
});

/** `detail` may arrive as a JSON string (as EventBridge Scheduler and some replay tools deliver it). */
function decodeDetail(event: Record<string, unknown>): unknown {
  const { detail } = event;
  if (detail === undefined && 'alarmData' in event) {
    throw new ValidationError(WHAT, [
      'detail: missing; the alarm sits under alarmData, which belongs to the Lambda action shape, not to an EventBridge envelope',
    ]);
  }
  if (typeof detail !== 'string') return detail;
  const decoded = tryParseJson(detail);
  if (decoded === undefined) throw new ValidationError(WHAT, ['detail: a string that is not JSON']);
  return decoded;
}

/**
 * Parses an EventBridge "CloudWatch Alarm State Change" event into one state change.
 *
 * @throws ValidationError when the event is not a well-formed alarm state change.
 */
export function parseEventBridgeAlarm(event: Record<string, unknown>): AlarmStateChange {
  const parsed = parseOrThrow(envelopeSchema, { ...event, detail: decodeDetail(event) }, WHAT);
  return changeFromAlarmBody(parsed.detail, 'eventbridge', parsed.resources);
}
