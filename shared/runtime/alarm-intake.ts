/** Alarm intake's configuration and adapters, wired once per container. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { cloudWatchAlarmTags } from '../adapters/cloudwatch/alarm-tags.ts';
import { AlarmLog } from '../adapters/dynamo/alarm-log.ts';
import { DEFAULT_ALARM_MAPPING, loadAlarmMappingConfig, type AlarmMappingConfig } from '../domain/alarms/index.ts';
import { describeError } from '../domain/errors.ts';
import type { AlarmIntakeDeps } from '../usecases/alarms/deps.ts';
import { documentClient } from './clients.ts';
import { booleanEnv, ConfigurationError, requireEnv } from './config.ts';
import { logger } from './logger.ts';
import { runtimeDeps } from './deps.ts';
import { parseJson } from './parse.ts';

/**
 * The mapping from `ALARM_MAPPING` (JSON, see docs/EVENTS.md); unset or empty means the defaults. A mapping that
 * does not validate is a deployment error, thrown at cold start with every problem listed.
 */
export function alarmMappingFromEnv(env: NodeJS.ProcessEnv = process.env): AlarmMappingConfig {
  const raw = env.ALARM_MAPPING;
  if (raw === undefined || raw.trim() === '') return DEFAULT_ALARM_MAPPING;
  try {
    return loadAlarmMappingConfig(parseJson(raw, 'ALARM_MAPPING'));
  } catch (error) {
    throw new ConfigurationError(`environment variable ALARM_MAPPING is not a valid alarm mapping: ${describeError(error)}`);
  }
}

let deps: AlarmIntakeDeps | undefined;

export function alarmIntakeDeps(mapping: AlarmMappingConfig): AlarmIntakeDeps {
  if (deps !== undefined) return deps;
  const base = runtimeDeps();
  deps = { ...base, alarmLog: new AlarmLog(documentClient(), requireEnv('TABLE_NAME')), mapping };
  if (booleanEnv('ALARM_TAG_LOOKUP', false)) {
    deps.alarmTags = cloudWatchAlarmTags(new CloudWatchClient({}), base.clock, (message, details) => logger.warn(message, details));
  }
  return deps;
}
