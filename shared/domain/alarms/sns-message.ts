import * as z from 'zod';
import { normalizeAlarmArn, occurrenceIdOf, transitionedArnsIn } from './normalize.ts';
import { alarmArnSchema, alarmStateSchema, isRecord, parseOrThrow, timestampSchema } from './schema-parts.ts';
import type { AlarmMetric, AlarmStateChange } from './types.ts';

/**
 * The PascalCase alarm notification CloudWatch publishes to SNS (the `Sns.Message` string, decoded).
 * Single-metric alarms describe their metric in `Trigger`; metric-math and anomaly-detection alarms in
 * `Trigger.Metrics`; composite alarms have no Trigger but `AlarmRule` and `TriggeringChildren`.
 */

const dimensionsSchema = z.array(z.object({ name: z.string(), value: z.string() })).optional();

const triggerMetricSchema = z.object({
  Id: z.string().optional(),
  Expression: z.string().optional(),
  MetricStat: z
    .object({
      Metric: z.object({
        Namespace: z.string().optional(),
        MetricName: z.string().optional(),
        Dimensions: dimensionsSchema,
      }),
    })
    .optional(),
});

const snsAlarmMessageSchema = z.object({
  AlarmName: z.string().min(1),
  AlarmArn: alarmArnSchema,
  NewStateValue: alarmStateSchema,
  OldStateValue: alarmStateSchema.optional(),
  NewStateReason: z.string().optional(),
  StateChangeTime: timestampSchema,
  Trigger: z
    .object({
      Namespace: z.string().optional(),
      MetricName: z.string().optional(),
      Dimensions: dimensionsSchema,
      Metrics: z.array(triggerMetricSchema).optional(),
    })
    .optional(),
  AlarmRule: z.string().optional(),
  // The docs declare [String]; real messages carry objects with an Arn.
  TriggeringChildren: z.array(z.union([z.string(), z.object({ Arn: z.string() })])).optional(),
});
type SnsAlarmMessage = z.output<typeof snsAlarmMessageSchema>;

function toDimensions(dimensions: z.output<typeof dimensionsSchema>): Record<string, string> {
  return Object.fromEntries((dimensions ?? []).map((dimension) => [dimension.name, dimension.value]));
}

function metricsOf(trigger: SnsAlarmMessage['Trigger']): AlarmMetric[] {
  if (trigger === undefined) return [];
  if (trigger.Metrics !== undefined) {
    return trigger.Metrics.map((metric) => {
      const stat = metric.MetricStat?.Metric;
      return {
        ...(metric.Id === undefined ? {} : { id: metric.Id }),
        ...(stat?.Namespace === undefined ? {} : { namespace: stat.Namespace }),
        ...(stat?.MetricName === undefined ? {} : { metricName: stat.MetricName }),
        dimensions: toDimensions(stat?.Dimensions),
        ...(metric.Expression === undefined ? {} : { expression: metric.Expression }),
      };
    });
  }
  if (trigger.MetricName === undefined && trigger.Namespace === undefined) return [];
  return [
    {
      ...(trigger.Namespace === undefined ? {} : { namespace: trigger.Namespace }),
      ...(trigger.MetricName === undefined ? {} : { metricName: trigger.MetricName }),
      dimensions: toDimensions(trigger.Dimensions),
    },
  ];
}

function triggeringOf(message: SnsAlarmMessage, reason: string): string[] {
  const children = (message.TriggeringChildren ?? []).map((child) => normalizeAlarmArn(typeof child === 'string' ? child : child.Arn));
  if (children.length > 0 || message.AlarmRule === undefined) return children;
  return transitionedArnsIn(reason);
}

/** True when a decoded SNS message (or a raw-delivered SQS body) presents itself as an alarm notification. */
export function looksLikeSnsAlarmMessage(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && ('AlarmName' in value || 'NewStateValue' in value || 'AlarmArn' in value);
}

/**
 * Parses one decoded CloudWatch alarm notification as published to SNS.
 *
 * @param where path prefix for error messages, e.g. `Records.0.Sns.Message`.
 * @throws ValidationError naming each wrong field.
 */
export function parseSnsAlarmMessage(message: unknown, where?: string): AlarmStateChange {
  const parsed = parseOrThrow(snsAlarmMessageSchema, message, 'CloudWatch alarm SNS message', where);
  const reason = parsed.NewStateReason ?? '';
  const triggeringAlarms = triggeringOf(parsed, reason);
  return {
    shape: 'sns',
    alarmArn: parsed.AlarmArn,
    alarmName: parsed.AlarmName,
    kind: parsed.AlarmRule !== undefined || triggeringAlarms.length > 0 ? 'composite' : 'metric',
    state: parsed.NewStateValue,
    ...(parsed.OldStateValue === undefined ? {} : { previousState: parsed.OldStateValue }),
    at: parsed.StateChangeTime,
    reason,
    metrics: metricsOf(parsed.Trigger),
    triggeringAlarms,
    occurrenceId: occurrenceIdOf(parsed.AlarmArn, parsed.NewStateValue, parsed.StateChangeTime),
  };
}
