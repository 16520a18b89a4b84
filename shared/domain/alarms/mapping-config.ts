import * as z from 'zod';
import { parseOrThrow } from './schema-parts.ts';

/**
 * How alarms are tied to instances and conditions. Data, validated once at load; see README.md in this
 * folder for the rules in prose.
 */

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const conditionName = z.string().regex(KEBAB, 'must be a kebab-case condition name, like disk-full');

/** A regular expression source. Condition rules match case-insensitively; the name pattern does not. */
const patternSchema = z
  .string()
  .min(1)
  .superRefine((source, ctx) => {
    try {
      new RegExp(source, 'i');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${String(error)}` });
    }
  });

const namePatternSchema = patternSchema.refine((source) => source.includes('(?<instance>'), {
  message: 'must contain a named group (?<instance>...) capturing the instance id',
});

export const conditionRuleSchema = z
  .strictObject({
    condition: conditionName,
    namespace: patternSchema.optional(),
    metricName: patternSchema.optional(),
    alarmNamePattern: patternSchema.optional(),
  })
  .refine((rule) => rule.namespace !== undefined || rule.metricName !== undefined || rule.alarmNamePattern !== undefined, {
    message: 'a rule needs at least one of namespace, metricName, alarmNamePattern',
  });
export type ConditionRule = z.output<typeof conditionRuleSchema>;

export const DEFAULT_NAME_PATTERN = '^fw[:/](?<instance>[A-Za-z0-9._-]+)(?:[:/](?<condition>[a-z][a-z0-9-]*))?$';

/**
 * Metric rules first (what is measured), then alarm-name rules (what the author meant). Metric patterns
 * name metrics precisely: a bare `disk` would also catch DiskQueueDepth and grow storage for a slow disk.
 */
export const DEFAULT_CONDITION_RULES: readonly ConditionRule[] = [
  { condition: 'cpu-saturated', metricName: 'CPUUtilization|^cpu' },
  { condition: 'disk-full', metricName: 'FreeStorageSpace|FreeLocalStorage|DiskUsage|DiskSpace|disk_used|KafkaDataLogsDiskUsed' },
  { condition: 'replication-lag', metricName: 'ReplicaLag|ReplicationLag|ReplicationSlotLag|OffsetLag' },
  { condition: 'connections-saturated', metricName: 'DatabaseConnections|CurrConnections|ConnectionCount' },
  { condition: 'down', metricName: 'StatusCheckFailed|heartbeat' },
  { condition: 'memory-saturated', metricName: 'FreeableMemory|memory|mem_used' },
  { condition: 'disk-full', alarmNamePattern: 'disk' },
  { condition: 'replication-lag', alarmNamePattern: 'replica|replication|(^|[-_.:/ ])lag([-_.:/ ]|$)' },
  { condition: 'down', alarmNamePattern: 'heartbeat|unreachable|(^|[-_.:/ ])down([-_.:/ ]|$)' },
  { condition: 'cpu-saturated', alarmNamePattern: 'cpu' },
  { condition: 'memory-saturated', alarmNamePattern: 'memory' },
  { condition: 'connections-saturated', alarmNamePattern: 'connection' },
];

export const DEFAULT_INSTANCE_DIMENSIONS: readonly string[] = [
  'DBInstanceIdentifier',
  'CacheClusterId',
  'ClusterName',
  'BrokerId',
  'InstanceId',
  'FleetwardenInstanceId',
];

export const alarmMappingConfigSchema = z.strictObject({
  instanceDimensions: z.array(z.string().min(1)).default(() => [...DEFAULT_INSTANCE_DIMENSIONS]),
  tagKey: z.string().min(1).default('fleetwarden:instance'),
  namePattern: namePatternSchema.default(DEFAULT_NAME_PATTERN),
  conditions: z.array(conditionRuleSchema).default(() => [...DEFAULT_CONDITION_RULES]),
  /** Recorded, never remediated: no playbook answers it, so an unknown alarm cannot trigger a wrong remedy. */
  defaultCondition: conditionName.default('unclassified-alarm'),
  /** When true, an ALARM whose actions CloudWatch suppressed (a composite's suppressor) is only observed. */
  honourActionsSuppression: z.boolean().default(true),
});
export type AlarmMappingConfig = z.output<typeof alarmMappingConfigSchema>;

/**
 * Validates a mapping configuration; omitted fields take their defaults.
 *
 * @throws ValidationError listing each wrong field (bad regex, missing `instance` group, unknown key...).
 */
export function loadAlarmMappingConfig(raw: unknown): AlarmMappingConfig {
  return parseOrThrow(alarmMappingConfigSchema, raw ?? {}, 'alarm mapping config');
}

export const DEFAULT_ALARM_MAPPING: AlarmMappingConfig = loadAlarmMappingConfig({});
