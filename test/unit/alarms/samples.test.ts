import { describe, expect, it } from 'vitest';
import { UnsupportedEventError, ValidationError } from '../../../shared/domain/errors.ts';
import { parseAlarmEvent } from '../../../shared/domain/alarms/parse.ts';
import type { AlarmStateChange } from '../../../shared/domain/alarms/types.ts';
import { loadSample, sampleFiles } from './samples.ts';

type Parsed = Pick<AlarmStateChange, 'shape' | 'alarmName' | 'state' | 'kind' | 'at'> & { previousState?: AlarmStateChange['previousState'] };
type Expectation =
  | { parses: Parsed[] }
  | { rejects: typeof UnsupportedEventError | typeof ValidationError; saying: string };

const unsupported = (saying: string): Expectation => ({ rejects: UnsupportedEventError, saying });
const invalid = (saying: string): Expectation => ({ rejects: ValidationError, saying });
const snsExample: Parsed = { shape: 'sns', alarmName: 'EXAMPLE', state: 'ALARM', previousState: 'INSUFFICIENT_DATA', kind: 'metric', at: '2015-06-03T17:43:27.123Z' };
const lambdaDemo: Parsed = { shape: 'lambda-action', alarmName: 'lambda-demo-metric-alarm', state: 'ALARM', previousState: 'INSUFFICIENT_DATA', kind: 'metric', at: '2023-08-04T12:36:15.490Z' };
const compositeDemo: Parsed = { shape: 'lambda-action', alarmName: 'CompositeDemo.Main', state: 'ALARM', previousState: 'ALARM', kind: 'composite', at: '2023-08-04T12:56:46.138Z' };
const configChange = unsupported('CloudWatch Alarm Configuration Change');
const scheduled = unsupported('Scheduled Event');
const sqs = unsupported('SQS event');

/** One row per file in ../shared/aws-events: what parseAlarmEvent must do with it. */
const EXPECTED: Record<string, Expectation> = {
  'cloudwatch-alarm-HYBRID-eventbridge-envelope-with-alarmData-rust.json': invalid('detail: missing'),
  'cloudwatch-alarm-configuration-change-create-composite-alarm-with-suppressor.json': configChange,
  'cloudwatch-alarm-configuration-change-create-composite-alarm.json': configChange,
  'cloudwatch-alarm-configuration-change-delete-composite-alarm-with-suppressor.json': configChange,
  'cloudwatch-alarm-configuration-change-delete-metric-math-alarm.json': configChange,
  'cloudwatch-alarm-configuration-change-update-composite-alarm-with-suppressor.json': configChange,
  'cloudwatch-alarm-configuration-change-update-metric-alarm.json': configChange,
  'cloudwatch-alarm-lambda-action-composite-alarm-docs-verbatim-rust.json': { parses: [compositeDemo] },
  'cloudwatch-alarm-lambda-action-composite-alarm.json': { parses: [compositeDemo] },
  'cloudwatch-alarm-lambda-action-metric-alarm-docs-verbatim-rust.json': { parses: [lambdaDemo] },
  'cloudwatch-alarm-lambda-action-metric-alarm-recorded-localstack.json': invalid('alarmData.state.timestamp: not an ISO-8601 timestamp: "date"'),
  'cloudwatch-alarm-lambda-action-metric-alarm.json': { parses: [lambdaDemo] },
  'cloudwatch-alarm-lambda-action-metric-math-alarm-powertools.json': {
    parses: [{ shape: 'lambda-action', alarmName: 'Test alert', state: 'ALARM', previousState: 'OK', kind: 'metric', at: '2024-02-17T11:53:08.431Z' }],
  },
  'cloudwatch-alarm-state-change-anomaly-detection-alarm.json': {
    parses: [{ shape: 'eventbridge', alarmName: 'EC2 CPU Utilization Anomaly', state: 'ALARM', previousState: 'OK', kind: 'metric', at: '2019-10-03T16:00:04.653Z' }],
  },
  'cloudwatch-alarm-state-change-composite-alarm-with-suppressor.json': {
    parses: [{ shape: 'eventbridge', alarmName: 'ServiceAggregatedAlarm', state: 'ALARM', previousState: 'OK', kind: 'composite', at: '2022-07-22T15:57:45.394Z' }],
  },
  'cloudwatch-alarm-state-change-metric-math-alarm.json': {
    parses: [{ shape: 'eventbridge', alarmName: 'TotalNetworkTrafficTooHigh', state: 'ALARM', previousState: 'INSUFFICIENT_DATA', kind: 'metric', at: '2019-10-02T17:20:48.554Z' }],
  },
  'cloudwatch-alarm-state-change-single-metric-alarm.json': {
    parses: [{ shape: 'eventbridge', alarmName: 'ServerCpuTooHigh', state: 'ALARM', previousState: 'OK', kind: 'metric', at: '2019-10-02T17:04:40.989Z' }],
  },
  'eventbridge-aws-service-event-ec2-eventbridge-docs.json': unsupported('from aws.ec2'),
  'eventbridge-aws-service-event-ec2-with-replay-name-powertools.json': unsupported('from aws.ec2'),
  'eventbridge-aws-service-event-rds-lambda-docs.json': unsupported('from aws.rds'),
  'eventbridge-custom-event-minimal-powertools.json': unsupported('from my-custom-source'),
  'eventbridge-custom-event-putevents-to-lambda-recorded-localstack.json': unsupported('from core.update-account-command'),
  'eventbridge-custom-event-replicated-global-endpoint-docs.json': unsupported('from test.service.com'),
  'eventbridge-putevents-request-entries-docs.json': unsupported('an array'),
  'eventbridge-scheduled-event-camelcase-detailType-lambda-dev-guide-java-sample.json': scheduled,
  'eventbridge-scheduled-event-captured-spring-cloud-function-issue-1033.json': scheduled,
  'eventbridge-scheduled-event-eventbridge-docs.json': scheduled,
  'eventbridge-scheduled-event-java-libs.json': scheduled,
  'eventbridge-scheduled-event-lambda-docs.json': scheduled,
  'eventbridge-scheduled-event-sam-cli-template.json': scheduled,
  'eventbridge-scheduled-event-with-custom-detail-powertools-docs.json': scheduled,
  'eventbridge-scheduler-default-payload-captured-aws-lambda-dotnet-issue-1864.json': unsupported('from aws.scheduler'),
  'eventbridge-scheduler-default-payload-powertools.json': unsupported('from aws.scheduler'),
  'sns-cloudwatch-alarm-metric-math-two-records-rust.json': { parses: [snsExample, snsExample] },
  'sns-cloudwatch-alarm-metric-math.json': { parses: [snsExample] },
  'sns-cloudwatch-alarm-single-metric.json': { parses: [snsExample] },
  'sns-event-sam-cli-template.json': unsupported('not a CloudWatch alarm notification'),
  'sns-message-body-cloudwatch-alarm-recorded-localstack-2026.json': invalid('StateChangeTime: not an ISO-8601 timestamp: "date"'),
  'sns-message-body-cloudwatch-alarm-recorded-localstack-breaching.json': invalid('StateChangeTime: not an ISO-8601 timestamp: "date"'),
  'sqs-event-empty-body-java-libs.json': sqs,
  'sqs-event-fifo-lambda-docs.json': sqs,
  'sqs-event-fifo-sns-wrapped-body-powertools.json': sqs,
  'sqs-event-from-dlq-redrive-powertools.json': sqs,
  'sqs-event-lambda-dev-guide-java-sample.json': sqs,
  'sqs-event-message-attributes-go.json': sqs,
  'sqs-event-sam-cli-template.json': sqs,
  'sqs-event-standard-lambda-docs.json': sqs,
  'sqs-event-standard-powertools.json': sqs,
  'sqs-event-standard-with-dlq-source-arn-powertools-ts.json': sqs,
};

function outcomeOf(raw: unknown): AlarmStateChange[] | Error {
  try {
    return parseAlarmEvent(raw);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

describe('real published sample events', () => {
  it('has an expected outcome for every file in the samples folder, and a file for every expectation', () => {
    expect(sampleFiles()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(sampleFiles())('reads %s into state changes or rejects it with a specific error', (file) => {
    const expected = EXPECTED[file];
    if (expected === undefined) throw new Error(`no expectation for ${file}; add one to EXPECTED`);
    const outcome = outcomeOf(loadSample(file));
    if ('parses' in expected) {
      expect(outcome).toBeInstanceOf(Array);
      expect(outcome).toEqual(expected.parses.map((parsed) => expect.objectContaining(parsed)));
    } else {
      expect(outcome).toBeInstanceOf(expected.rejects);
      expect(outcome instanceof Error ? outcome.message : '').toContain(expected.saying);
    }
  });
});
