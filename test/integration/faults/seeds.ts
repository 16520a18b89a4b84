/** Fuzz seeds per function: the real payloads of ../shared/aws-events and events/, and queue bodies of each shape. */
import { readdirSync, readFileSync } from 'node:fs';
import type { FunctionKey } from './handlers.ts';

const AWS_EVENTS = '../shared/aws-events';
const load = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const awsEvents = (prefix: string) => readdirSync(AWS_EVENTS).filter((f) => f.startsWith(prefix) && f.endsWith('.json')).map((f) => load(`${AWS_EVENTS}/${f}`));
const ownEvents = (prefix: string) => readdirSync('events').filter((f) => f.startsWith(prefix)).map((f) => load(`events/${f}`));

/** An SQS event from a real envelope, carrying `bodies` from `queueArn`. */
export function sqsEvent(queueArn: string, bodies: readonly unknown[], receiveCount = 1): Record<string, unknown> {
  const [template] = (load('events/heartbeat-sqs-batch.json').Records as Record<string, unknown>[]);
  return {
    Records: bodies.map((body, i) => ({
      ...template,
      messageId: `m-${i}-${Math.random().toString(36).slice(2)}`,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: { ...(template?.attributes as object), ApproximateReceiveCount: String(receiveCount), SentTimestamp: String(Date.now()) },
      eventSourceARN: queueArn,
    })),
  };
}

export function seedsFor(key: FunctionKey, arnOf: (logicalId: string) => string): unknown[] {
  const scheduled = awsEvents('eventbridge-scheduled');
  const sqsSamples = awsEvents('sqs-event');
  const onQueue = (logicalId: string, bodies: unknown[][]) => [
    ...bodies.map((b) => sqsEvent(arnOf(logicalId), b)),
    ...sqsSamples.map((e) => ({ ...e, Records: (e.Records as Record<string, unknown>[]).map((r) => ({ ...r, eventSourceARN: arnOf(logicalId) })) })),
  ];
  switch (key) {
    case 'heartbeat':
      return [...ownEvents('heartbeat'), ...onQueue('HeartbeatQueue', [[{ type: 'cell-heartbeat', cellId: 'us-east-1a-cell-3', at: new Date().toISOString(), instances: [{ id: 'pg-orders-1' }] }]])];
    case 'alarmIntake':
      return [...awsEvents('cloudwatch-alarm'), ...awsEvents('sns-'), ...ownEvents('alarm-')];
    case 'provisioning':
      return [...ownEvents('fleet-'), ...awsEvents('eventbridge-custom'), ...awsEvents('eventbridge-aws-service')];
    case 'planner': {
      const created = ownEvents('fleet-instance-created')[0] ?? {};
      const condition = { ...created, source: 'fleetwarden', 'detail-type': 'ConditionRaised', detail: { instanceId: 'pg-orders-1', condition: 'down', raisedAt: new Date().toISOString(), source: 'sweeper', service: 'postgres', zone: 'us-east-1a', dedupeKey: 'pg-orders-1#down#x' } };
      const changed = { ...created, source: 'fleetwarden', 'detail-type': 'InstanceStateChanged', detail: { instanceId: 'pg-orders-1', from: 'available', to: 'unavailable', version: 3, at: new Date().toISOString(), service: 'postgres', zone: 'us-east-1a', dedupeKey: 'pg-orders-1#3' } };
      return [...scheduled, condition, changed];
    }
    case 'sweeper':
    case 'auditStart':
    case 'advisoryRoll':
      return scheduled;
    case 'sweepWorker':
      return onQueue('SweepQueue', [[{ kind: 'cell', cellId: 'us-east-1a-cell-3' }], [{ kind: 'silent', members: [{ id: 'pg-orders-1', cellId: 'us-east-1a-cell-3', state: 'available', service: 'postgres', version: 2 }] }]]);
    case 'auditShard':
      return onQueue('AuditQueue', [[{ runId: 'run-20260308-030000-1c4b6a', segment: 0, totalSegments: 16 }]]);
    case 'operator':
      return operatorSeeds();
    case 'remediationWorker':
      return onQueue('RemediationQueue', [[{ taskId: 'rt-0123456789abcdef01234567' }, { taskId: 'rt-0123456789abcdef01234568', continuation: 'c-1' }]]);
  }
}

/**
 * Operator calls: each command with a valid input, as a direct invoke and as AWS's published Function URL event
 * (test/fixtures/function-url-iam.json) carrying the same body.
 */
function operatorSeeds(): unknown[] {
  const url = load('test/fixtures/function-url-iam.json');
  const later = new Date(Date.now() + 3_600_000).toISOString();
  const bodies: Record<string, unknown>[] = [
    { command: 'status' },
    { command: 'list', input: { state: 'available', service: 'postgres', limit: 5 } },
    { command: 'show', input: { instanceId: 'pg-orders-1' } },
    { command: 'transition', reason: 'fuzz', input: { instanceId: 'pg-orders-1', to: 'restart' } },
    { command: 'transition', reason: 'fuzz', ticket: 'INC-1', breakGlass: true, input: { instanceId: 'pg-orders-1', to: 'archived' } },
    { command: 'freeze', reason: 'fuzz', input: { scope: 'zone:us-east-1a', expires: later } },
    { command: 'unfreeze', reason: 'fuzz', input: { freezeId: 'freeze:zone=us-east-1a:x' } },
    { command: 'incident', reason: 'fuzz', input: { action: 'release', incidentId: 'incident:zone=us-east-1a:x' } },
    { command: 'remediate', reason: 'fuzz', input: { instanceId: 'pg-orders-1', condition: 'disk-full', dryRun: true } },
    { command: 'advisory-add', reason: 'fuzz', input: { id: 'CVE-2026-0001', affects: ['postgres-15*'] } },
    { command: 'audit-log', input: { since: '1h', command: 'freeze' } },
    { command: 'detection-release', reason: 'fuzz', input: { service: 'redis' } },
  ];
  return [...bodies, ...bodies.map((body) => ({ ...url, body: JSON.stringify(body) }))];
}
