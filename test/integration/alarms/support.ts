/**
 * For alarm intake tests on the local stack: the ledger table seen through the real adapters, instances
 * registered the way the fleet registers them (provisioning events), and alarm events built in each real shape.
 */
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { AlarmLog } from '../../../shared/adapters/dynamo/alarm-log.ts';
import { InstanceStore } from '../../../shared/adapters/dynamo/instance-store.ts';
import type { AlarmState } from '../../../shared/domain/alarms/index.ts';
import type { RunnerOptions } from '../../../local/runner.ts';
import { startStackUnderTest, type StackUnderTest } from '../../support/local-stack.ts';
import { LOCAL_CREDENTIALS } from '../../support/stack.ts';

/**
 * The local stack for alarm intake alone. Remediation (the planner, wired to Fleetwarden's own events) and the
 * schedules would act on these tests' instances in the background and make item counts and histories race;
 * they have their own tests. So: schedules slowed twentyfold (a minute becomes 20; a day still fits a timer), and
 * the rules on Fleetwarden's own events removed.
 */
export async function startAlarmStack(environment: Record<string, string> = {}): Promise<StackUnderTest> {
  const options: Partial<RunnerOptions> = { scheduleSpeedup: 0.05, environment: { POWERTOOLS_LOG_LEVEL: 'ERROR', ...environment } };
  const sut = await startStackUnderTest(options);
  const rules = sut.stack.bus.rules;
  const ownEvents = rules.filter((rule) => JSON.stringify(rule.pattern.source) === JSON.stringify(['fleetwarden']));
  for (const rule of ownEvents) rules.splice(rules.indexOf(rule), 1);
  return sut;
}

export interface Ledger {
  store: InstanceStore;
  alarmLog: AlarmLog;
  itemCount(): Promise<number>;
}

export function ledgerOf(sut: StackUnderTest): Ledger {
  const tableName = sut.stack.resources.LedgerTable?.ref ?? '';
  const dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: inject('dynamodbEndpoint'), credentials: LOCAL_CREDENTIALS });
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  return {
    store: new InstanceStore(doc, tableName),
    alarmLog: new AlarmLog(doc, tableName),
    async itemCount() {
      const out = await doc.send(new ScanCommand({ TableName: tableName, Select: 'COUNT', ConsistentRead: true }));
      return out.Count ?? 0;
    },
  };
}

/** Registers an instance through the provisioning function (Instance Created, then Instance Ready). */
export async function registerAvailable(sut: StackUnderTest, id: string, overrides: Record<string, unknown> = {}): Promise<void> {
  const created = JSON.parse(readFileSync('events/fleet-instance-created.json', 'utf8')) as { detail: Record<string, unknown> };
  await sut.stack.invoke('provisioning', { ...created, detail: { ...created.detail, id, role: { kind: 'standalone' }, ...overrides } });
  const ready = JSON.parse(readFileSync('events/fleet-instance-ready.json', 'utf8')) as Record<string, unknown>;
  await sut.stack.invoke('provisioning', { ...ready, detail: { instanceId: id } });
}

export interface AlarmSpec {
  name: string;
  state: AlarmState;
  /** ISO-8601 with milliseconds, UTC. */
  at: string;
  namespace?: string;
  metric?: string;
  dimensions?: Record<string, string>;
  reason?: string;
}

export const arnOf = (name: string) => `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;
const cloudWatchTime = (iso: string) => iso.replace('Z', '+0000');
const reasonOf = (spec: AlarmSpec) => spec.reason ?? `Threshold Crossed: the alarm went to ${spec.state}`;
const metricOf = (spec: AlarmSpec) => ({ namespace: spec.namespace ?? 'AWS/RDS', name: spec.metric ?? 'FreeStorageSpace', dimensions: spec.dimensions ?? {} });

/** The EventBridge "CloudWatch Alarm State Change" shape. */
export function eventBridgeAlarm(spec: AlarmSpec): Record<string, unknown> {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '123456789012',
    time: spec.at.replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: [arnOf(spec.name)],
    detail: {
      alarmName: spec.name,
      configuration: { metrics: [{ id: 'm1', metricStat: { metric: metricOf(spec), period: 60, stat: 'Average' }, returnData: true }] },
      state: { value: spec.state, reason: reasonOf(spec), timestamp: cloudWatchTime(spec.at) },
    },
  };
}

/** The alarm's direct Lambda action shape. */
export function lambdaActionAlarm(spec: AlarmSpec): Record<string, unknown> {
  const { detail } = eventBridgeAlarm(spec);
  return { source: 'aws.cloudwatch', alarmArn: arnOf(spec.name), accountId: '123456789012', time: cloudWatchTime(spec.at), region: 'us-east-1', alarmData: detail };
}

/** Alarm -> SNS -> Lambda: the PascalCase notification inside Sns.Message. */
export function snsAlarm(spec: AlarmSpec): Record<string, unknown> {
  const metric = metricOf(spec);
  const message = {
    AlarmName: spec.name,
    NewStateValue: spec.state,
    NewStateReason: reasonOf(spec),
    StateChangeTime: cloudWatchTime(spec.at),
    AlarmArn: arnOf(spec.name),
    Trigger: {
      MetricName: metric.name,
      Namespace: metric.namespace,
      Dimensions: Object.entries(metric.dimensions).map(([name, value]) => ({ name, value })),
    },
  };
  return {
    Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', Sns: { Type: 'Notification', MessageId: crypto.randomUUID(), TopicArn: 'arn:aws:sns:us-east-1:123456789012:fleetwarden-test-alarm-intake', Message: JSON.stringify(message), Timestamp: spec.at } }],
  };
}
