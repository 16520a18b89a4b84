import { describe, expect, it } from 'vitest';
import { DEFAULT_ALARM_MAPPING } from '../../../shared/domain/alarms/index.ts';
import { alarmMappingFromEnv } from '../../../shared/runtime/alarm-intake.ts';
import { ConfigurationError } from '../../../shared/runtime/config.ts';

describe('the ALARM_MAPPING configuration', () => {
  it('takes the defaults when unset, empty or {}', () => {
    expect(alarmMappingFromEnv({})).toBe(DEFAULT_ALARM_MAPPING);
    expect(alarmMappingFromEnv({ ALARM_MAPPING: ' ' })).toBe(DEFAULT_ALARM_MAPPING);
    expect(alarmMappingFromEnv({ ALARM_MAPPING: '{}' })).toEqual(DEFAULT_ALARM_MAPPING);
  });

  it('reads rules and dimensions from JSON, keeping the defaults for what it omits', () => {
    const mapping = alarmMappingFromEnv({
      ALARM_MAPPING: JSON.stringify({ instanceDimensions: ['ServerName'], conditions: [{ condition: 'connections-saturated', metricName: '^ClientConnections$' }] }),
    });
    expect(mapping.instanceDimensions).toEqual(['ServerName']);
    expect(mapping.conditions).toEqual([{ condition: 'connections-saturated', metricName: '^ClientConnections$' }]);
    expect(mapping.namePattern).toBe(DEFAULT_ALARM_MAPPING.namePattern);
  });

  it('refuses a mapping that does not validate, naming the variable and each problem', () => {
    const read = () => alarmMappingFromEnv({ ALARM_MAPPING: JSON.stringify({ namePattern: '^fw:(.+)$', conditions: [{ condition: 'Disk Full' }] }) });
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(/ALARM_MAPPING is not a valid alarm mapping: ValidationError: .*namePattern: must contain a named group \(\?<instance>/);
    expect(read).toThrow(/conditions\.0\.condition: must be a kebab-case condition name/);
    expect(() => alarmMappingFromEnv({ ALARM_MAPPING: '{not json' })).toThrow(/ALARM_MAPPING.*not valid JSON/);
  });
});
