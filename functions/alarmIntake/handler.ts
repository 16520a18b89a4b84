import { parseAlarmEvent } from '../../shared/domain/alarms/index.ts';
import { alarmIntakeDeps, alarmMappingFromEnv } from '../../shared/runtime/alarm-intake.ts';
import { logger } from '../../shared/runtime/logger.ts';
import { lambda } from '../../shared/runtime/middleware.ts';
import { recordAlarmChanges } from '../../shared/usecases/alarm-intake.ts';

// At cold start: a bad ALARM_MAPPING fails loudly once, instead of mis-mapping every alarm quietly.
const mapping = alarmMappingFromEnv();

export const handler = lambda(async (event: unknown) => {
  const changes = parseAlarmEvent(event);
  const results = await recordAlarmChanges(alarmIntakeDeps(mapping), changes);
  for (const { alarmName, state, instanceIds, condition, action, unmatched, unknownIds, effects } of results) {
    if (unmatched) logger.warn('alarm for no known instance', { alarmName, state, condition, unknownIds });
    else logger.info('alarm recorded', { alarmName, state, condition, action, instanceIds, effects });
  }
  return results;
});
