/**
 * Every real published payload in ../shared/aws-events goes through the alarm intake handler, on the local stack
 * (DynamoDB Local): a state change is handled, anything else is rejected with a named error and writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmIntakeResult } from '../../../shared/usecases/alarm-intake.ts';
import type { StackUnderTest } from '../../support/local-stack.ts';
import { loadSample, sampleFiles } from '../../unit/alarms/samples.ts';
import { ledgerOf, registerAvailable, startAlarmStack, type Ledger } from './support.ts';

type Handled = Pick<AlarmIntakeResult, 'alarmName' | 'state' | 'instanceIds' | 'condition' | 'action' | 'unmatched'>;
type Expected = { handles: Handled[] } | { rejects: 'UnsupportedEventError' | 'ValidationError'; saying: string };

/** Instance ids that the samples' dimensions carry, registered so that their alarms match. */
const EC2_INSTANCE = 'i-12345678901234567';
const SNS_INSTANCE = 'TestInstance';

const alarm = (alarmName: string, instanceIds: string[], condition: string, action: Handled['action'] = 'raise'): Handled => ({
  alarmName, state: 'ALARM', instanceIds, condition, action, unmatched: instanceIds.length === 0,
});
const unsupported = (saying: string): Expected => ({ rejects: 'UnsupportedEventError', saying });
const invalid = (saying: string): Expected => ({ rejects: 'ValidationError', saying });
const configChange = unsupported('CloudWatch Alarm Configuration Change');
const scheduled = unsupported('"Scheduled Event"');
const sqs = unsupported('an SQS event');
const snsExample = alarm('EXAMPLE', [SNS_INSTANCE], 'unclassified-alarm');
const compositeDemo = alarm('CompositeDemo.Main', [], 'unclassified-alarm');
const lambdaDemo = alarm('lambda-demo-metric-alarm', [], 'unclassified-alarm');

const EXPECTED: Record<string, Expected> = {
  'cloudwatch-alarm-HYBRID-eventbridge-envelope-with-alarmData-rust.json': invalid('detail: missing'),
  'cloudwatch-alarm-configuration-change-create-composite-alarm-with-suppressor.json': configChange,
  'cloudwatch-alarm-configuration-change-create-composite-alarm.json': configChange,
  'cloudwatch-alarm-configuration-change-delete-composite-alarm-with-suppressor.json': configChange,
  'cloudwatch-alarm-configuration-change-delete-metric-math-alarm.json': configChange,
  'cloudwatch-alarm-configuration-change-update-composite-alarm-with-suppressor.json': configChange,
  'cloudwatch-alarm-configuration-change-update-metric-alarm.json': configChange,
  'cloudwatch-alarm-lambda-action-composite-alarm-docs-verbatim-rust.json': { handles: [compositeDemo] },
  'cloudwatch-alarm-lambda-action-composite-alarm.json': { handles: [compositeDemo] },
  'cloudwatch-alarm-lambda-action-metric-alarm-docs-verbatim-rust.json': { handles: [lambdaDemo] },
  'cloudwatch-alarm-lambda-action-metric-alarm-recorded-localstack.json': invalid('not an ISO-8601 timestamp: "date"'),
  'cloudwatch-alarm-lambda-action-metric-alarm.json': { handles: [lambdaDemo] },
  'cloudwatch-alarm-lambda-action-metric-math-alarm-powertools.json': { handles: [alarm('Test alert', [], 'unclassified-alarm')] },
  'cloudwatch-alarm-state-change-anomaly-detection-alarm.json': { handles: [alarm('EC2 CPU Utilization Anomaly', [EC2_INSTANCE], 'cpu-saturated')] },
  // Its actions were suppressed (WaitPeriod): observed only, and it names no instance of ours.
  'cloudwatch-alarm-state-change-composite-alarm-with-suppressor.json': { handles: [alarm('ServiceAggregatedAlarm', [], 'cpu-saturated', 'observe')] },
  'cloudwatch-alarm-state-change-metric-math-alarm.json': { handles: [alarm('TotalNetworkTrafficTooHigh', [EC2_INSTANCE], 'unclassified-alarm')] },
  'cloudwatch-alarm-state-change-single-metric-alarm.json': { handles: [alarm('ServerCpuTooHigh', [EC2_INSTANCE], 'cpu-saturated')] },
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
  'sns-cloudwatch-alarm-metric-math-two-records-rust.json': { handles: [snsExample, snsExample] },
  'sns-cloudwatch-alarm-metric-math.json': { handles: [snsExample] },
  'sns-cloudwatch-alarm-single-metric.json': { handles: [snsExample] },
  'sns-event-sam-cli-template.json': unsupported('not a CloudWatch alarm notification'),
  'sns-message-body-cloudwatch-alarm-recorded-localstack-2026.json': invalid('StateChangeTime: not an ISO-8601 timestamp'),
  'sns-message-body-cloudwatch-alarm-recorded-localstack-breaching.json': invalid('StateChangeTime: not an ISO-8601 timestamp'),
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

let sut: StackUnderTest;
let ledger: Ledger;

beforeAll(async () => {
  sut = await startAlarmStack();
  ledger = ledgerOf(sut);
  await registerAvailable(sut, EC2_INSTANCE);
  await registerAvailable(sut, SNS_INSTANCE);
});

afterAll(async () => {
  await sut.stack.stop();
});

const pick = ({ alarmName, state, instanceIds, condition, action, unmatched }: AlarmIntakeResult): Handled => ({
  alarmName, state, instanceIds, condition, action, unmatched,
});

describe('the alarm intake handler on every real published payload', () => {
  it('has an expectation for every file in ../shared/aws-events', () => {
    expect(sampleFiles()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    if ('handles' in expected) {
      it(`handles ${file}`, async () => {
        const results = (await sut.stack.invoke('alarmIntake', loadSample(file))) as AlarmIntakeResult[];
        expect(results.map(pick)).toEqual(expected.handles);
      });
    } else {
      it(`rejects ${file} with ${expected.rejects}, writing nothing`, async () => {
        const before = await ledger.itemCount();
        const failure = await sut.stack.invoke('alarmIntake', loadSample(file)).then(() => undefined, (error: unknown) => error);
        expect(failure).toBeInstanceOf(Error);
        expect(failure).toMatchObject({ name: expected.rejects, kind: 'permanent' });
        expect((failure as Error).message).toContain(expected.saying);
        expect(await ledger.itemCount()).toBe(before);
      });
    }
  }

  it('raised what the matched samples carry, with the alarm as source and its reason as evidence', async () => {
    const ec2 = await ledger.store.get(EC2_INSTANCE);
    expect(Object.keys(ec2.conditions ?? {}).sort()).toEqual(['cpu-saturated', 'unclassified-alarm']);
    // Two alarms say cpu-saturated; the first to raise it (the anomaly alarm, replayed first) keeps it.
    expect(ec2.conditions?.['cpu-saturated']).toEqual({
      raisedAt: '2019-10-03T16:00:04.653Z',
      source: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:EC2 CPU Utilization Anomaly',
      evidence: expect.stringContaining('greater than the upper thresholds') as unknown,
    });
    const sns = await ledger.store.get(SNS_INSTANCE);
    expect(sns.conditions?.['unclassified-alarm']).toMatchObject({ raisedAt: '2015-06-03T17:43:27.123Z', source: 'arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:EXAMPLE' });
  });

  it('recorded each alarm for no known instance once, with the ids it named', async () => {
    const unmatched = await ledger.alarmLog.unmatchedOn('2023-08-04');
    expect(unmatched.map((u) => [u.alarmName, u.candidates])).toEqual([
      ['lambda-demo-metric-alarm', ['i-12345678']],
      ['CompositeDemo.Main', []],
    ]);
  });
});
