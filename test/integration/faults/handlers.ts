/**
 * The functions' handlers as Lambda runs them, on a fresh copy of the stack (serverless.yml's tables and queues on
 * the emulators, a local EventBridge bus), with the environment serverless.yml gives them, and the shared SDK
 * clients instrumented (calls.ts). No schedule, poller or rule runs: the suite alone delivers events, so every
 * call it sees is the one event's, and the table changes only by what that event did.
 */
import { ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalBus, type LocalBus } from '../../../local/event-bus.ts';
import { resolveIntrinsics } from '../../../local/provision.ts';
import { logger } from '../../../shared/runtime/logger.ts';
import { documentClient, eventBridgeClient, sqsClient } from '../../../shared/runtime/clients.ts';
import { freshStack, LOCAL_CREDENTIALS, type TestStack } from '../../support/stack.ts';
import { inject } from 'vitest';
import { instrument } from './calls.ts';

export type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** The functions fuzzed and faulted: every one the stack has. */
export const FUNCTIONS = ['heartbeat', 'sweeper', 'sweepWorker', 'alarmIntake', 'provisioning', 'planner', 'remediationWorker', 'auditStart', 'auditShard', 'advisoryRoll', 'operator'] as const;

/** The principal the fuzzed Function URL events are signed by (AWS's published sample), mapped to breakglass below. */
export const FUZZ_PRINCIPAL = 'arn:aws:iam::111122223333:user/example-user';
export type FunctionKey = (typeof FUNCTIONS)[number];

export interface HandlerStack {
  stack: TestStack;
  bus: LocalBus;
  /** Events that reached the fleet bus. */
  published: { type: string; detail: Record<string, unknown> }[];
  invoke(key: FunctionKey, event: unknown): Promise<unknown>;
  queueUrl(logicalId: string): string;
  /** Items in the table now, but for the heartbeat intake mark (it records that deliveries were handled, whatever they held). */
  itemCount(): Promise<number>;
  /** Receives (and deletes nothing): what is on a queue now. */
  peek(logicalId: string): Promise<Message[]>;
  stop(): Promise<void>;
}

export async function handlerStack(environment: Record<string, string> = {}): Promise<HandlerStack> {
  const stack = await freshStack();
  const region = 'us-east-1';
  const bus = await startLocalBus(region, () => undefined);
  const published: HandlerStack['published'] = [];
  bus.onEvent((event) => published.push({ type: String(event['detail-type']), detail: event.detail as Record<string, unknown> }));
  Object.assign(process.env, {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
    AWS_ENDPOINT_URL_SQS: inject('sqsEndpoint'),
    AWS_ENDPOINT_URL_EVENTBRIDGE: bus.url,
    // Alarm tags are read from CloudWatch, which has no emulator: the bus's server refuses the call at once (no SDK
    // retries against a closed port), and the intake maps without them.
    AWS_ENDPOINT_URL_CLOUDWATCH: bus.url,
    ...functionEnvironment(stack),
    // The worker's provider is built at its first use; no fuzzed message reaches it (a task must exist first).
    FLEET_CONTROL_PLANE_URL: 'http://127.0.0.1:9',
    FLEET_SIGNING_KEY: 'fault-suite',
    FLEET_SIGNING_KEY_PARAMETER: '',
    // The operator's door admits the sample's signer with every role, so that what rejects a call is its content.
    OPERATOR_ROLES: JSON.stringify([{ principal: FUZZ_PRINCIPAL, role: 'breakglass' }]),
    ...environment,
  });
  // Thousands of rejected events would log thousands of lines; the suite reads calls, not logs.
  logger.setLogLevel('SILENT');
  instrument(documentClient(), 'dynamodb');
  instrument(sqsClient(), 'sqs');
  instrument(eventBridgeClient(), 'events');
  const handlers = new Map<FunctionKey, Handler>();
  for (const key of FUNCTIONS) {
    const module = (await import(`../../../functions/${key}/handler.ts`)) as { handler: Handler };
    handlers.set(key, module.handler);
  }
  return {
    stack,
    bus,
    published,
    queueUrl: (id) => stack.queueUrl(id),
    async invoke(key, event) {
      const handler = handlers.get(key);
      if (handler === undefined) throw new Error(`no handler ${key}`);
      return handler(event, lambdaContext(key));
    },
    async itemCount() {
      let count = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const out = await stack.doc.send(new ScanCommand({
          TableName: stack.tableName,
          Select: 'COUNT',
          FilterExpression: 'pk <> :intake',
          ExpressionAttributeValues: { ':intake': 'DETECTION' },
          ExclusiveStartKey: start,
        }));
        count += out.Count ?? 0;
        start = out.LastEvaluatedKey;
      } while (start !== undefined);
      return count;
    },
    async peek(logicalId) {
      const out = await stack.sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.queueUrl(logicalId), MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 0, MessageAttributeNames: ['All'] }));
      return out.Messages ?? [];
    },
    stop: () => bus.close(),
  };
}

/** serverless.yml's environment for every function, resolved against this stack (as local/runner.ts does). */
function functionEnvironment(stack: TestStack): Record<string, string> {
  const env: Record<string, string> = {};
  const sources = [stack.config.provider.environment ?? {}, ...Object.values(stack.config.functions).map((f) => f.environment ?? {})];
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) env[name] = String(resolveIntrinsics(value, stack.resources, 'us-east-1'));
  }
  return env;
}

function lambdaContext(key: string) {
  return {
    functionName: `fleetwarden-${key}`,
    awsRequestId: crypto.randomUUID(),
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:fleetwarden-${key}`,
    memoryLimitInMB: '1024',
    functionVersion: '$LATEST',
    logGroupName: `/aws/lambda/${key}`,
    logStreamName: 'fault-suite',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
