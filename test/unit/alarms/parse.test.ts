import { describe, expect, it } from 'vitest';
import { UnsupportedEventError, ValidationError } from '../../../shared/domain/errors.ts';
import { parseAlarmEvent } from '../../../shared/domain/alarms/parse.ts';
import type { AlarmStateChange } from '../../../shared/domain/alarms/types.ts';
import { loadSample } from './samples.ts';

function only(raw: unknown): AlarmStateChange {
  const changes = parseAlarmEvent(raw);
  expect(changes).toHaveLength(1);
  const [change] = changes;
  if (change === undefined) throw new Error('no change parsed');
  return change;
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

/** The single-metric EventBridge sample, re-expressed in the other two shapes (same alarm, same change). */
const cpuArn = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh';
const cpuLambdaAction = {
  source: 'aws.cloudwatch',
  alarmArn: cpuArn,
  accountId: '123456789012',
  time: '2019-10-02T17:04:41.100+0000',
  alarmData: {
    alarmName: 'ServerCpuTooHigh',
    state: { value: 'ALARM', reason: 'Threshold Crossed', timestamp: '2019-10-02T17:04:40.989+0000' },
    previousState: { value: 'OK', timestamp: '2019-10-01T13:56:40.987+0000' },
    configuration: { metrics: [] },
  },
};
const cpuSnsMessage = {
  AlarmName: 'ServerCpuTooHigh',
  AlarmArn: cpuArn,
  NewStateValue: 'ALARM',
  OldStateValue: 'OK',
  NewStateReason: 'Threshold Crossed',
  StateChangeTime: '2019-10-02T17:04:40.989+0000',
  Trigger: { MetricName: 'CPUUtilization', Namespace: 'AWS/EC2', Dimensions: [{ name: 'InstanceId', value: 'i-12345678901234567' }] },
};
const snsEvent = (...messages: unknown[]) => ({
  Records: messages.map((message, index) => ({
    EventSource: 'aws:sns',
    Sns: { MessageId: `m-${index}`, Message: typeof message === 'string' ? message : JSON.stringify(message) },
  })),
});

describe('parseAlarmEvent: the three shapes agree', () => {
  it('gives the same occurrence id to one state change whether it came by EventBridge, Lambda action or SNS', () => {
    const viaEventBridge = only(loadSample('cloudwatch-alarm-state-change-single-metric-alarm.json'));
    const viaLambda = only(cpuLambdaAction);
    const viaSns = only(snsEvent(cpuSnsMessage));
    expect(viaEventBridge.occurrenceId).toBe(`${cpuArn}#ALARM#2019-10-02T17:04:40.989Z`);
    expect(viaLambda.occurrenceId).toBe(viaEventBridge.occurrenceId);
    expect(viaSns.occurrenceId).toBe(viaEventBridge.occurrenceId);
  });

  it('reads the single-metric EventBridge alarm with its metric and instance dimension', () => {
    const change = only(loadSample('cloudwatch-alarm-state-change-single-metric-alarm.json'));
    expect(change).toMatchObject({ alarmArn: cpuArn, reason: expect.stringContaining('was greater than the threshold (50.0)') });
    expect(change.metrics).toEqual([
      { id: '30b6c6b2-a864-43a2-4877-c09a1afc3b87', namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: { InstanceId: 'i-12345678901234567' } },
    ]);
    expect(change.triggeringAlarms).toEqual([]);
  });

  it('reads the SNS single-metric Trigger with its name/value dimensions', () => {
    const change = only(snsEvent(cpuSnsMessage));
    expect(change.metrics).toEqual([{ namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: { InstanceId: 'i-12345678901234567' } }]);
  });
});

describe('parseAlarmEvent: metric math, anomaly detection and composite alarms', () => {
  it('keeps both the expression and the underlying metrics of a metric-math alarm', () => {
    const change = only(loadSample('cloudwatch-alarm-state-change-metric-math-alarm.json'));
    expect(change.metrics.map((metric) => metric.expression ?? metric.metricName)).toEqual(['SUM(METRICS())', 'NetworkIn', 'NetworkOut']);
  });

  it('reads Trigger.Metrics of an SNS metric-math alarm', () => {
    const change = only(loadSample('sns-cloudwatch-alarm-metric-math.json'));
    expect(change.metrics).toEqual([
      { id: 'e1', expression: 'm1*1', dimensions: {} },
      { id: 'm1', namespace: 'AWS/EC2', metricName: 'NetworkOut', dimensions: { InstanceId: 'TestInstance' } },
    ]);
  });

  it('reads an anomaly-detection band as an expression beside its metric', () => {
    const change = only(loadSample('cloudwatch-alarm-state-change-anomaly-detection-alarm.json'));
    expect(change.metrics.map((metric) => metric.expression ?? metric.metricName)).toEqual(['CPUUtilization', 'ANOMALY_DETECTION_BAND(m1, 0.8)']);
  });

  it('takes a composite alarm\'s children from reasonData, and keeps its suppression', () => {
    const change = only(loadSample('cloudwatch-alarm-state-change-composite-alarm-with-suppressor.json'));
    expect(change.triggeringAlarms).toEqual(['arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh']);
    expect(change.actionsSuppressedBy).toBe('WaitPeriod');
    expect(change.metrics).toEqual([]);
  });

  it('falls back to the reason text for a composite alarm without reasonData', () => {
    const raw = loadSample('cloudwatch-alarm-lambda-action-composite-alarm.json') as { alarmData: { state: Record<string, unknown> } };
    delete raw.alarmData.state.reasonData;
    expect(only(raw).triggeringAlarms).toEqual(['arn:aws:cloudwatch:us-east-1:111122223333:alarm:CompositeDemo.FirstChild']);
  });

  it('reads a composite alarm delivered through SNS from TriggeringChildren', () => {
    const change = only(
      snsEvent({
        ...cpuSnsMessage,
        AlarmName: 'fw:pg-1',
        AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fw:pg-1',
        Trigger: undefined,
        AlarmRule: 'ALARM(fw:pg-1:disk-full)',
        TriggeringChildren: [{ Arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fw:pg-1:disk-full', State: { Value: 'ALARM' } }],
      }),
    );
    expect(change).toMatchObject({ kind: 'composite', triggeringAlarms: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:fw:pg-1:disk-full'] });
  });
});

describe('parseAlarmEvent: odd but real payloads', () => {
  it('repairs the stray spaces in the AWS docs Lambda-action sample\'s timestamps and ARNs', () => {
    const change = only(loadSample('cloudwatch-alarm-lambda-action-metric-alarm-docs-verbatim-rust.json'));
    expect(change.at).toBe('2023-08-04T12:36:15.490Z');
    expect(change.alarmArn).toBe('arn:aws:cloudwatch:us-east-1:444455556666:alarm:lambda-demo-metric-alarm');
    expect(change).toEqual(only(loadSample('cloudwatch-alarm-lambda-action-metric-alarm.json')));
  });

  it('keeps the spaces inside an alarm name', () => {
    const change = only(loadSample('cloudwatch-alarm-state-change-anomaly-detection-alarm.json'));
    expect(change.alarmArn).toBe('arn:aws:cloudwatch:us-east-1:123456789012:alarm:EC2 CPU Utilization Anomaly');
  });

  it('accepts an EventBridge detail given as a JSON string', () => {
    const raw = loadSample('cloudwatch-alarm-state-change-single-metric-alarm.json') as Record<string, unknown>;
    const change = only({ ...raw, detail: JSON.stringify(raw.detail) });
    expect(change).toEqual(only(raw));
  });

  it('rejects an EventBridge detail string that is not JSON', () => {
    const raw = loadSample('cloudwatch-alarm-state-change-single-metric-alarm.json') as Record<string, unknown>;
    const error = thrown(() => parseAlarmEvent({ ...raw, detail: '{not json' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual(['detail: a string that is not JSON']);
  });

  it('returns one change per SNS record, with the same occurrence id for a duplicated record', () => {
    const [first, second] = parseAlarmEvent(loadSample('sns-cloudwatch-alarm-metric-math-two-records-rust.json'));
    expect(first?.occurrenceId).toBe('arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:EXAMPLE#ALARM#2015-06-03T17:43:27.123Z');
    expect(second?.occurrenceId).toBe(first?.occurrenceId);
  });

  it('reads a bare SNS alarm message (raw delivery) as the sns shape', () => {
    expect(only(cpuSnsMessage)).toMatchObject({ shape: 'sns', alarmName: 'ServerCpuTooHigh', state: 'ALARM', previousState: 'OK' });
  });
});

describe('parseAlarmEvent: rejections name what is wrong', () => {
  it('lists every wrong field of a malformed alarm', () => {
    const error = thrown(() => parseAlarmEvent({ ...cpuLambdaAction, alarmArn: 'not-an-arn', alarmData: { ...cpuLambdaAction.alarmData, state: { value: 'BROKEN', timestamp: 'yesterday' } } }));
    expect(error).toBeInstanceOf(ValidationError);
    const { issues } = error as ValidationError;
    expect(issues).toHaveLength(3);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringContaining('alarmArn: not a CloudWatch alarm ARN'),
        expect.stringMatching(/^alarmData\.state\.value: /),
        'alarmData.state.timestamp: not an ISO-8601 timestamp: "yesterday"',
      ]),
    );
  });

  it('points into the SNS record whose alarm message is malformed', () => {
    const error = thrown(() => parseAlarmEvent(snsEvent(cpuSnsMessage, { ...cpuSnsMessage, NewStateValue: 'RED' })));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.stringMatching(/^Records\.1\.Sns\.Message\.NewStateValue: /)]);
  });

  it('rejects the whole SNS event when one record is not an alarm, so nothing half-read is recorded', () => {
    const error = thrown(() => parseAlarmEvent(snsEvent(cpuSnsMessage, { hello: 'world' })));
    expect(error).toBeInstanceOf(UnsupportedEventError);
    expect((error as Error).message).toContain('SNS message m-1 in Records.1 is not a CloudWatch alarm notification');
  });

  it('rejects a February 30th rather than rolling it into March', () => {
    const error = thrown(() => parseAlarmEvent({ ...cpuSnsMessage, StateChangeTime: '2023-02-30T10:00:00.000+0000' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual(['StateChangeTime: not an ISO-8601 timestamp: "2023-02-30T10:00:00.000+0000"']);
  });

  it.each([
    ['null', null],
    ['a string', 'ALARM'],
    ['an empty object', {}],
    ['an empty Records batch', { Records: [] }],
    ['records from another service', { Records: [{ eventSource: 'aws:kinesis' }] }],
  ])('rejects %s as an unsupported event', (_label, raw) => {
    expect(() => parseAlarmEvent(raw)).toThrow(UnsupportedEventError);
  });

  it('rejects an aws.cloudwatch event that has neither an EventBridge nor a Lambda-action body', () => {
    expect(() => parseAlarmEvent({ source: 'aws.cloudwatch' })).toThrow(ValidationError);
  });
});
