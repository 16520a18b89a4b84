/**
 * Which function a recorded event goes to, exactly as AWS would deliver it: EventBridge-shaped events by the
 * `eventBridge` patterns in serverless.yml (so a new rule needs no change here), and the shapes that reach a
 * function without a rule by their known consumer.
 */
import type { ServerlessConfig } from '../../local/serverless-config.ts';
import { matchesPattern } from '../../local/event-pattern.ts';
import { looksLikeSnsAlarmMessage } from '../../shared/domain/alarms/index.ts';
import { isRecord } from '../../shared/domain/alarms/schema-parts.ts';

/** The consumers of shapes that come without an EventBridge rule: alarm actions and SNS, and the heartbeat queue. */
export const ALARM_FUNCTION = 'alarmIntake';
export const HEARTBEAT_FUNCTION = 'heartbeat';

export interface ReplayRule {
  functionKey: string;
  pattern: Record<string, unknown>;
}

export type Route = { functionKeys: string[]; payload: unknown } | { unsupported: string };

export function replayRules(config: ServerlessConfig): ReplayRule[] {
  return Object.entries(config.functions).flatMap(([functionKey, fn]) =>
    (fn.events ?? []).flatMap((event) => {
      const spec = event.eventBridge;
      if (!isRecord(spec) || !isRecord(spec.pattern)) return [];
      return [{ functionKey, pattern: spec.pattern }];
    }),
  );
}

export function routeEvent(event: unknown, rules: readonly ReplayRule[]): Route {
  const to = (functionKey: string, payload: unknown = event): Route => ({ functionKeys: [functionKey], payload });
  if (Array.isArray(event)) return { unsupported: 'an array, not an event (PutEvents request entries?)' };
  if (!isRecord(event)) return { unsupported: `${event === null ? 'null' : typeof event}, not an event` };
  if (Array.isArray(event.Records)) return routeRecords(event, event.Records);
  const detailType = event['detail-type'];
  if (typeof detailType === 'string' && typeof event.source === 'string') {
    const keys = rules.filter((rule) => matchesPattern(rule.pattern, event)).map((rule) => rule.functionKey);
    if (keys.length > 0) return { functionKeys: [...new Set(keys)], payload: event };
    return { unsupported: `no function subscribes to "${detailType}" from ${event.source}` };
  }
  // The alarm's direct Lambda action, and a bare alarm notification (an SNS message body delivered raw).
  if (event.source === 'aws.cloudwatch' || isBareAlarmMessage(event)) return to(ALARM_FUNCTION);
  // A bare cell report is an SQS message body: replay it as the one record of an SQS event.
  if (event.type === 'cell-heartbeat') return to(HEARTBEAT_FUNCTION, sqsEventOf([JSON.stringify(event)]));
  const source = typeof event.source === 'string' ? `an event from ${event.source}` : 'an object with no source, Records or alarm fields';
  return { unsupported: `${source} that no function takes` };
}

function routeRecords(event: Record<string, unknown>, records: unknown[]): Route {
  if (records.length === 0) return { unsupported: 'an event with an empty Records batch' };
  const sources = new Set(records.map((r) => (isRecord(r) ? (r.EventSource ?? r.eventSource) : undefined)));
  if (sources.size === 1 && sources.has('aws:sns')) return { functionKeys: [ALARM_FUNCTION], payload: event };
  if (sources.size === 1 && sources.has('aws:sqs')) {
    const other = records.findIndex((r) => !isRecord(r) || typeof r.body !== 'string' || !isCellReport(r.body));
    if (other === -1) return { functionKeys: [HEARTBEAT_FUNCTION], payload: event };
    return { unsupported: `an SQS event whose record ${other} is not a cell heartbeat; only the heartbeat queue is replayed` };
  }
  return { unsupported: `records from ${[...sources].map(String).join(', ')}; replay takes SNS alarm notifications and SQS cell heartbeats` };
}

/** A plain boolean: the domain's type guard would narrow a non-match to `never`. */
const isBareAlarmMessage = (value: Record<string, unknown>): boolean => looksLikeSnsAlarmMessage(value);

function isCellReport(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    return isRecord(parsed) && parsed.type === 'cell-heartbeat';
  } catch {
    return false;
  }
}

/** An SQS event as Lambda's event source mapping builds it, around recorded message bodies. */
export function sqsEventOf(bodies: string[]): { Records: Record<string, unknown>[] } {
  const now = String(Date.now());
  return {
    Records: bodies.map((body, index) => ({
      messageId: `replay-${now}-${index}`,
      receiptHandle: `replay-${now}-${index}`,
      body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: now, SenderId: 'warden-replay', ApproximateFirstReceiveTimestamp: now },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:warden-replay',
      awsRegion: 'us-east-1',
    })),
  };
}
