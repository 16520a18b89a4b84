import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { DEFAULT_ALARM_MAPPING, DEFAULT_NAME_PATTERN, loadAlarmMappingConfig } from '../../../shared/domain/alarms/mapping-config.ts';

function issuesOf(raw: unknown): string[] {
  try {
    loadAlarmMappingConfig(raw);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('alarm mapping configuration', () => {
  it('fills every omitted field with its default', () => {
    expect(loadAlarmMappingConfig(undefined)).toEqual(DEFAULT_ALARM_MAPPING);
    expect(DEFAULT_ALARM_MAPPING).toMatchObject({
      tagKey: 'fleetwarden:instance',
      namePattern: DEFAULT_NAME_PATTERN,
      defaultCondition: 'unclassified-alarm',
      honourActionsSuppression: true,
    });
    expect(DEFAULT_ALARM_MAPPING.instanceDimensions).toContain('DBInstanceIdentifier');
  });

  it('accepts its own defaults, so they stay valid as they change', () => {
    expect(loadAlarmMappingConfig(DEFAULT_ALARM_MAPPING)).toEqual(DEFAULT_ALARM_MAPPING);
  });

  it('keeps the defaults it was not told to change', () => {
    const config = loadAlarmMappingConfig({ instanceDimensions: ['ServerId'] });
    expect(config.instanceDimensions).toEqual(['ServerId']);
    expect(config.conditions).toEqual(DEFAULT_ALARM_MAPPING.conditions);
  });

  it('rejects a name pattern without an instance group', () => {
    expect(issuesOf({ namePattern: '^fw:(?<id>.+)$' })).toEqual(['namePattern: must contain a named group (?<instance>...) capturing the instance id']);
  });

  it('rejects a pattern that is not a regular expression', () => {
    expect(issuesOf({ conditions: [{ condition: 'disk-full', metricName: 'Free(' }] })).toEqual([
      expect.stringMatching(/^conditions\.0\.metricName: not a valid regular expression/),
    ]);
  });

  it('lists every mistake at once, with where it is', () => {
    const issues = issuesOf({
      tagKey: '',
      conditions: [{ condition: 'Disk Full', metricName: 'x' }, { condition: 'down' }, { condition: 'down', metricname: 'Heartbeat' }],
    });
    expect(issues).toEqual([
      expect.stringMatching(/^tagKey: /),
      'conditions.0.condition: must be a kebab-case condition name, like disk-full',
      'conditions.1: a rule needs at least one of namespace, metricName, alarmNamePattern',
      expect.stringMatching(/^conditions\.2: Unrecognized key: "metricname"/),
      'conditions.2: a rule needs at least one of namespace, metricName, alarmNamePattern',
    ]);
  });

  it('names the configuration in the error message', () => {
    expect(() => loadAlarmMappingConfig({ instanceDimensions: 'InstanceId' })).toThrow(/^invalid alarm mapping config: instanceDimensions: /);
  });
});
