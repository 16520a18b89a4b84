import { describe, expect, it } from 'vitest';
import { ALARM_FUNCTION, HEARTBEAT_FUNCTION, replayRules, routeEvent } from '../../../cli/replay/route.ts';
import { loadServerlessConfig } from '../../../local/serverless-config.ts';
import { loadSample } from '../alarms/samples.ts';

const rules = replayRules(loadServerlessConfig({ stage: 'test' }));
const functionsOf = (event: unknown) => {
  const route = routeEvent(event, rules);
  return 'functionKeys' in route ? route.functionKeys : route.unsupported;
};
const sqsRecord = (body: string) => ({ messageId: 'm', body, eventSource: 'aws:sqs' });

describe('which function a replayed event goes to', () => {
  it('routes EventBridge events by the patterns in serverless.yml', () => {
    expect(functionsOf(loadSample('cloudwatch-alarm-state-change-single-metric-alarm.json'))).toEqual([ALARM_FUNCTION]);
    expect(functionsOf({ source: 'fleetwarden.fleet', 'detail-type': 'Instance Ready', detail: { instanceId: 'pg-1' } })).toEqual(['provisioning']);
    expect(functionsOf({ source: 'fleetwarden.fleet', 'detail-type': 'Instance Heartbeat', detail: { instanceId: 'pg-1' } })).toEqual([HEARTBEAT_FUNCTION]);
  });

  it('sends the direct Lambda action, SNS records and a bare alarm notification to alarm intake', () => {
    expect(functionsOf(loadSample('cloudwatch-alarm-lambda-action-metric-alarm.json'))).toEqual([ALARM_FUNCTION]);
    expect(functionsOf(loadSample('sns-cloudwatch-alarm-single-metric.json'))).toEqual([ALARM_FUNCTION]);
    expect(functionsOf(loadSample('sns-message-body-cloudwatch-alarm-recorded-localstack-2026.json'))).toEqual([ALARM_FUNCTION]);
  });

  it('sends SQS batches of cell reports to the heartbeat function, and wraps a bare cell report in one', () => {
    const report = { type: 'cell-heartbeat', cellId: 'c-1', at: '2026-11-22T10:00:00Z', instances: [] };
    expect(functionsOf({ Records: [sqsRecord(JSON.stringify(report))] })).toEqual([HEARTBEAT_FUNCTION]);
    const wrapped = routeEvent(report, rules);
    expect(wrapped).toMatchObject({ functionKeys: [HEARTBEAT_FUNCTION], payload: { Records: [{ eventSource: 'aws:sqs', body: JSON.stringify(report) }] } });
  });

  it('names why it will not replay anything else', () => {
    expect(functionsOf(loadSample('eventbridge-scheduled-event-eventbridge-docs.json'))).toBe('no function subscribes to "Scheduled Event" from aws.events');
    expect(functionsOf(loadSample('cloudwatch-alarm-configuration-change-update-metric-alarm.json'))).toBe(
      'no function subscribes to "CloudWatch Alarm Configuration Change" from aws.cloudwatch',
    );
    expect(functionsOf(loadSample('sqs-event-standard-lambda-docs.json'))).toMatch(/record 0 is not a cell heartbeat/);
    expect(functionsOf(loadSample('eventbridge-putevents-request-entries-docs.json'))).toMatch(/an array/);
    expect(functionsOf(loadSample('eventbridge-scheduled-event-camelcase-detailType-lambda-dev-guide-java-sample.json'))).toBe(
      'an event from aws.events that no function takes',
    );
    expect(functionsOf({ Records: [] })).toMatch(/empty Records/);
    expect(functionsOf({ Records: [{ eventSource: 'aws:kinesis' }] })).toMatch(/records from aws:kinesis/);
    expect(functionsOf('text')).toBe('string, not an event');
  });
});
