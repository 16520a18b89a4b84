/** Alarm intake: read CloudWatch alarm payloads (any shape) and map them to instances and conditions. */
export type { AlarmKind, AlarmMetric, AlarmShape, AlarmState, AlarmStateChange } from './types.ts';
export { ALARM_STATES } from './types.ts';
export { parseAlarmEvent } from './parse.ts';
export { parseSnsAlarmMessage, looksLikeSnsAlarmMessage } from './sns-message.ts';
export { normalizeTimestamp, normalizeAlarmArn, alarmNameFromArn } from './normalize.ts';
export {
  alarmMappingConfigSchema,
  loadAlarmMappingConfig,
  DEFAULT_ALARM_MAPPING,
  DEFAULT_CONDITION_RULES,
  DEFAULT_INSTANCE_DIMENSIONS,
  DEFAULT_NAME_PATTERN,
  type AlarmMappingConfig,
  type ConditionRule,
} from './mapping-config.ts';
export { mapAlarm, type AlarmAction, type AlarmMapping, type ChildAlarm, type ChildAlarmResolver, type MapAlarmOptions } from './mapping.ts';
