import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { parseAlarmEvent } from '../../../shared/domain/alarms/parse.ts';
import { DEFAULT_ALARM_MAPPING, loadAlarmMappingConfig } from '../../../shared/domain/alarms/mapping-config.ts';
import { mapAlarm, type ChildAlarm } from '../../../shared/domain/alarms/mapping.ts';
import type { AlarmMetric, AlarmStateChange } from '../../../shared/domain/alarms/types.ts';
import { loadSample } from './samples.ts';

function sample(file: string): AlarmStateChange {
  const [change] = parseAlarmEvent(loadSample(file));
  if (change === undefined) throw new Error(`${file} holds no state change`);
  return change;
}

const cpuAlarm = sample('cloudwatch-alarm-state-change-single-metric-alarm.json');
const compositeAlarm = sample('cloudwatch-alarm-state-change-composite-alarm-with-suppressor.json');
const metric = (metricName: string, dimensions: Record<string, string> = {}, namespace = 'AWS/RDS'): AlarmMetric => ({ namespace, metricName, dimensions });
const alarm = (alarmName: string, metrics: AlarmMetric[], rest: Partial<AlarmStateChange> = {}): AlarmStateChange => ({
  ...cpuAlarm,
  alarmName,
  alarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${alarmName}`,
  metrics,
  ...rest,
});
const arnOf = (name: string) => `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;

describe('mapAlarm: which instance an alarm is about', () => {
  it('finds the instance in a metric dimension (the single-metric ServerCpuTooHigh sample)', () => {
    expect(mapAlarm(cpuAlarm, DEFAULT_ALARM_MAPPING)).toEqual({
      candidateInstanceIds: ['i-12345678901234567'],
      condition: 'cpu-saturated',
      conditionVia: 'rule',
      action: 'raise',
      via: 'dimension',
    });
  });

  it('lists an instance named by several metrics of a metric-math alarm once', () => {
    const mathAlarm = sample('cloudwatch-alarm-state-change-metric-math-alarm.json');
    expect(mapAlarm(mathAlarm, DEFAULT_ALARM_MAPPING).candidateInstanceIds).toEqual(['i-12345678901234567']);
  });

  it('ignores dimensions that are not configured as instance dimensions', () => {
    const lambdaAlarm = alarm('errors', [metric('Errors', { FunctionName: 'checkout' }, 'AWS/Lambda')]);
    expect(mapAlarm(lambdaAlarm, DEFAULT_ALARM_MAPPING)).toMatchObject({ candidateInstanceIds: [], via: 'none' });
  });

  it('prefers the instance tag on the alarm over its dimensions', () => {
    const mapped = mapAlarm(cpuAlarm, DEFAULT_ALARM_MAPPING, { 'fleetwarden:instance': 'pg-7', team: 'data' });
    expect(mapped).toMatchObject({ candidateInstanceIds: ['pg-7'], via: 'tag' });
  });

  it('reads the tag key the configuration names', () => {
    const config = loadAlarmMappingConfig({ tagKey: 'owner-instance' });
    expect(mapAlarm(cpuAlarm, config, { 'owner-instance': 'redis-3' })).toMatchObject({ candidateInstanceIds: ['redis-3'], via: 'tag' });
    expect(mapAlarm(cpuAlarm, config, { 'fleetwarden:instance': 'redis-3' }).via).toBe('dimension');
  });

  it('reads instance and condition from the alarm-name convention fw:<instance>:<condition>', () => {
    const named = alarm('fw:pg-7:replication-lag', [metric('CPUUtilization', { DBInstanceIdentifier: 'db-host-1' })]);
    expect(mapAlarm(named, DEFAULT_ALARM_MAPPING)).toMatchObject({
      candidateInstanceIds: ['pg-7'],
      via: 'name',
      condition: 'replication-lag',
      conditionVia: 'name',
    });
  });

  it('takes the condition from the rules when the name gives only the instance (fw/<instance>)', () => {
    const named = alarm('fw/redis-2', [metric('CurrConnections', {}, 'AWS/ElastiCache')]);
    expect(mapAlarm(named, DEFAULT_ALARM_MAPPING)).toMatchObject({ candidateInstanceIds: ['redis-2'], via: 'name', condition: 'connections-saturated' });
  });
});

describe('mapAlarm: composite alarms map through their triggering alarms', () => {
  const composite = (children: string[]) =>
    alarm('checkout-db-health', [], { kind: 'composite', triggeringAlarms: children.map(arnOf) });

  it('reads instance and condition from children that follow the name convention', () => {
    expect(mapAlarm(composite(['fw:pg-1:disk-full', 'fw:pg-2:disk-full']), DEFAULT_ALARM_MAPPING)).toMatchObject({
      candidateInstanceIds: ['pg-1', 'pg-2'],
      via: 'triggering-alarm',
      condition: 'disk-full',
      conditionVia: 'triggering-alarm',
    });
  });

  it('uses what the caller resolved about a child alarm (the ServerCpuTooHigh child of the AWS sample)', () => {
    const children: Record<string, ChildAlarm> = {
      [arnOf('ServerCpuTooHigh')]: { alarmName: 'ServerCpuTooHigh', metrics: cpuAlarm.metrics },
    };
    const config = { ...DEFAULT_ALARM_MAPPING, honourActionsSuppression: false };
    expect(mapAlarm(compositeAlarm, config, undefined, { resolveChild: (arn) => children[arn] })).toMatchObject({
      candidateInstanceIds: ['i-12345678901234567'],
      via: 'triggering-alarm',
      condition: 'cpu-saturated',
      action: 'raise',
    });
  });

  it('still classifies a composite whose children name no instance, and reports no candidates', () => {
    expect(mapAlarm(compositeAlarm, DEFAULT_ALARM_MAPPING)).toMatchObject({
      candidateInstanceIds: [],
      via: 'none',
      condition: 'cpu-saturated',
      conditionVia: 'triggering-alarm',
    });
  });

  it('only observes an ALARM whose actions the suppressor held back', () => {
    expect(mapAlarm(compositeAlarm, DEFAULT_ALARM_MAPPING)).toMatchObject({ action: 'observe', suppressedBy: 'WaitPeriod' });
  });

  it('lets the composite\'s own tag win over its children', () => {
    expect(mapAlarm(composite(['fw:pg-1:disk-full']), DEFAULT_ALARM_MAPPING, { 'fleetwarden:instance': 'pg-9' })).toMatchObject({
      candidateInstanceIds: ['pg-9'],
      via: 'tag',
      condition: 'disk-full',
    });
  });
});

describe('mapAlarm: conditions', () => {
  it.each([
    ['FreeStorageSpace', 'disk-full'],
    ['ReplicaLag', 'replication-lag'],
    ['OffsetLag', 'replication-lag'],
    ['DatabaseConnections', 'connections-saturated'],
    ['StatusCheckFailed', 'down'],
    ['FreeableMemory', 'memory-saturated'],
    ['EngineCPUUtilization', 'cpu-saturated'],
  ])('maps the %s metric to %s', (metricName, condition) => {
    expect(mapAlarm(alarm('some-alarm', [metric(metricName)]), DEFAULT_ALARM_MAPPING).condition).toBe(condition);
  });

  it('lets what is measured win over what the alarm is called', () => {
    expect(mapAlarm(alarm('pg-disk-check', [metric('CPUUtilization')]), DEFAULT_ALARM_MAPPING).condition).toBe('cpu-saturated');
  });

  it('falls back to the alarm name when no metric rule matches', () => {
    expect(mapAlarm(alarm('pg-7-down', [metric('CustomProbe')]), DEFAULT_ALARM_MAPPING).condition).toBe('down');
  });

  it('does not take a slow disk for a full one', () => {
    expect(mapAlarm(alarm('io', [metric('DiskQueueDepth')]), DEFAULT_ALARM_MAPPING)).toMatchObject({
      condition: 'unclassified-alarm',
      conditionVia: 'default',
    });
  });

  it('records an alarm no rule knows as unclassified-alarm (the network-traffic metric-math sample)', () => {
    const mathAlarm = sample('cloudwatch-alarm-state-change-metric-math-alarm.json');
    expect(mapAlarm(mathAlarm, DEFAULT_ALARM_MAPPING)).toMatchObject({ condition: 'unclassified-alarm', conditionVia: 'default' });
  });

  it('applies the first matching rule, in configured order', () => {
    const first = { condition: 'cache-pressure', namespace: '^AWS/ElastiCache$' };
    const second = { condition: 'memory-saturated', metricName: 'memory' };
    const redisMemory = alarm('r', [metric('DatabaseMemoryUsagePercentage', {}, 'AWS/ElastiCache')]);
    expect(mapAlarm(redisMemory, loadAlarmMappingConfig({ conditions: [first, second] })).condition).toBe('cache-pressure');
    expect(mapAlarm(redisMemory, loadAlarmMappingConfig({ conditions: [second, first] })).condition).toBe('memory-saturated');
  });

  it('requires every field of a rule to match', () => {
    const config = loadAlarmMappingConfig({ conditions: [{ condition: 'disk-full', metricName: 'FreeStorageSpace', alarmNamePattern: '^prod-' }] });
    expect(mapAlarm(alarm('prod-pg', [metric('FreeStorageSpace')]), config).condition).toBe('disk-full');
    expect(mapAlarm(alarm('dev-pg', [metric('FreeStorageSpace')]), config).condition).toBe('unclassified-alarm');
  });

  it('uses the configured default condition', () => {
    const config = loadAlarmMappingConfig({ defaultCondition: 'needs-triage' });
    expect(mapAlarm(alarm('x', [metric('Mystery')]), config).condition).toBe('needs-triage');
  });
});

describe('mapAlarm: what the state change asks for', () => {
  it('raises on ALARM, clears on OK and only observes INSUFFICIENT_DATA', () => {
    expect(mapAlarm(cpuAlarm, DEFAULT_ALARM_MAPPING).action).toBe('raise');
    expect(mapAlarm({ ...cpuAlarm, state: 'OK', previousState: 'ALARM' }, DEFAULT_ALARM_MAPPING)).toMatchObject({ action: 'clear', condition: 'cpu-saturated' });
    expect(mapAlarm({ ...cpuAlarm, state: 'INSUFFICIENT_DATA' }, DEFAULT_ALARM_MAPPING).action).toBe('observe');
  });

  it('clears on OK even while actions are suppressed', () => {
    expect(mapAlarm({ ...compositeAlarm, state: 'OK' }, DEFAULT_ALARM_MAPPING).action).toBe('clear');
  });

  it('refuses a configuration that was never validated and holds a broken pattern', () => {
    const broken = { ...DEFAULT_ALARM_MAPPING, namePattern: '(?<instance>[a-z' };
    expect(() => mapAlarm(cpuAlarm, broken)).toThrow(ValidationError);
  });
});
