/**
 * The audit use cases' dependencies over a fresh test stack: the real adapters on DynamoDB Local and the SQS
 * emulator, a recording event publisher, a counter of DynamoDB requests by command, and a settable clock.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { InstanceQueries } from '../../../shared/adapters/dynamo/instance-queries.ts';
import { SqsSegmentQueue } from '../../../shared/adapters/sqs/audit-queue.ts';
import { auditConfigFromEnv } from '../../../shared/runtime/audit-config.ts';
import { buildAuditDeps, type RuntimeAuditDeps } from '../../../shared/runtime/audit-deps.ts';
import { runtimeDeps } from '../../../shared/runtime/deps.ts';
import { RecordingPublisher } from '../../support/deps.ts';
import { LOCAL_CREDENTIALS, type TestStack } from '../../support/stack.ts';

export { RecordingPublisher };

export interface Harness {
  deps: RuntimeAuditDeps;
  events: RecordingPublisher;
  /** DynamoDB requests by command name since the last `reset()`. */
  requests: Record<string, number>;
  resetRequests(): void;
  setNow(iso: string): void;
}

/** Points the SDK's default clients (used by runtimeDeps) at the emulators and this stack's table. */
function pointEnvironmentAt(stack: TestStack): void {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
    AWS_ENDPOINT_URL_SQS: inject('sqsEndpoint'),
    TABLE_NAME: stack.tableName,
    FLEET_BUS_NAME: 'not-used-events-are-recorded',
  });
}

export function auditHarness(stack: TestStack, env: Record<string, string> = {}, now = '2026-03-04T12:00:00.000Z'): Harness {
  pointEnvironmentAt(stack);
  const requests: Record<string, number> = {};
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint: inject('dynamodbEndpoint'), credentials: LOCAL_CREDENTIALS });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      requests[context.commandName ?? 'unknown'] = (requests[context.commandName ?? 'unknown'] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const events = new RecordingPublisher();
  let clock = new Date(now);
  const base = { ...runtimeDeps(), events, clock: () => clock, queries: new InstanceQueries(doc, stack.tableName) };
  const config = auditConfigFromEnv({ AUDIT_SEGMENTS: '8', ...env });
  const deps = buildAuditDeps(base, doc, stack.tableName, config, new SqsSegmentQueue(stack.sqs, stack.queueUrl('AuditQueue')));
  return {
    deps,
    events,
    requests,
    resetRequests: () => {
      for (const key of Object.keys(requests)) delete requests[key];
    },
    setNow: (iso) => {
      clock = new Date(iso);
    },
  };
}
