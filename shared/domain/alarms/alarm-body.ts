import * as z from 'zod';
import { occurrenceIdOf, transitionedArnsIn, normalizeAlarmArn } from './normalize.ts';
import { alarmStateSchema, timestampSchema, tryParseJson } from './schema-parts.ts';
import type { AlarmMetric, AlarmShape, AlarmStateChange } from './types.ts';

/**
 * The camelCase alarm body that EventBridge carries as `detail` and the Lambda action as `alarmData`.
 * Both shapes share it field for field; only the envelope around it differs.
 */

const metricSchema = z.object({
  id: z.string().optional(),
  expression: z.string().optional(),
  metricStat: z
    .object({
      metric: z.object({
        namespace: z.string().optional(),
        name: z.string().optional(),
        dimensions: z.record(z.string(), z.string()).optional(),
      }),
    })
    .optional(),
});

export const alarmBodySchema = z.object({
  alarmName: z.string().min(1),
  state: z.object({
    value: alarmStateSchema,
    reason: z.string().optional(),
    reasonData: z.string().optional(),
    timestamp: timestampSchema,
    actionsSuppressedBy: z.string().optional(),
  }),
  // Only the previous value is used; its other fields are history we do not need to validate.
  previousState: z.object({ value: alarmStateSchema }).optional(),
  configuration: z
    .object({
      alarmRule: z.string().optional(),
      metrics: z.array(metricSchema).optional(),
    })
    .optional(),
});
export type AlarmBody = z.output<typeof alarmBodySchema>;

const reasonDataSchema = z.object({ triggeringAlarms: z.array(z.object({ arn: z.string() })) });

/** Child ARNs from `reasonData.triggeringAlarms`; reasonData is evidence, so bad JSON just yields none. */
function triggeringFromReasonData(reasonData: string | undefined): string[] {
  if (reasonData === undefined) return [];
  const parsed = reasonDataSchema.safeParse(tryParseJson(reasonData));
  return parsed.success ? parsed.data.triggeringAlarms.map((alarm) => normalizeAlarmArn(alarm.arn)) : [];
}

function toMetric(metric: z.output<typeof metricSchema>): AlarmMetric {
  const stat = metric.metricStat?.metric;
  return {
    ...(metric.id === undefined ? {} : { id: metric.id }),
    ...(stat?.namespace === undefined ? {} : { namespace: stat.namespace }),
    ...(stat?.name === undefined ? {} : { metricName: stat.name }),
    dimensions: stat?.dimensions ?? {},
    ...(metric.expression === undefined ? {} : { expression: metric.expression }),
  };
}

/**
 * Normalizes a validated camelCase alarm body. For composite alarms the structured `reasonData` names the
 * triggering children; the reason text is read only when it does not (the two can disagree in AWS's own
 * samples, and the structured field is the one CloudWatch computes).
 */
export function changeFromAlarmBody(body: AlarmBody, shape: AlarmShape, alarmArn: string): AlarmStateChange {
  const reason = body.state.reason ?? '';
  const isComposite = body.configuration?.alarmRule !== undefined;
  const structured = triggeringFromReasonData(body.state.reasonData);
  const triggeringAlarms = structured.length > 0 || !isComposite ? structured : transitionedArnsIn(reason);
  const at = body.state.timestamp;
  return {
    shape,
    alarmArn,
    alarmName: body.alarmName,
    kind: isComposite || triggeringAlarms.length > 0 ? 'composite' : 'metric',
    state: body.state.value,
    ...(body.previousState === undefined ? {} : { previousState: body.previousState.value }),
    at,
    reason,
    metrics: (body.configuration?.metrics ?? []).map(toMetric),
    triggeringAlarms,
    ...(body.state.actionsSuppressedBy === undefined ? {} : { actionsSuppressedBy: body.state.actionsSuppressedBy }),
    occurrenceId: occurrenceIdOf(alarmArn, body.state.value, at),
  };
}
