/** Shared by the benchmarks: emulators, a provisioned stack, request counting through SDK middleware. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startEmulators, type Emulators } from '../local/emulators.ts';
import { provisionResources, type ResourceMap } from '../local/provision.ts';
import { loadServerlessConfig } from '../local/serverless-config.ts';

export interface BenchStack {
  emulators: Emulators;
  doc: DynamoDBDocumentClient;
  sqs: SQSClient;
  table: string;
  resources: ResourceMap;
  /** DynamoDB requests by operation since the last reset. */
  requests: Map<string, number>;
  resetRequests(): void;
  totalRequests(): number;
}

const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

export async function startBenchStack(): Promise<BenchStack> {
  const emulators = await startEmulators();
  const region = 'us-east-1';
  const dynamo = new DynamoDBClient({ region, endpoint: emulators.dynamodbEndpoint, credentials, maxAttempts: 10 });
  const sqs = new SQSClient({ region, endpoint: emulators.sqsEndpoint, credentials });
  const requests = new Map<string, number>();
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName).replace(/Command$/, '');
      requests.set(name, (requests.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'count-requests' },
  );
  const config = loadServerlessConfig({ stage: 'bench', region });
  const resources = await provisionResources(config, { dynamo, sqs, sqsEndpoint: emulators.sqsEndpoint });
  return {
    emulators,
    doc: DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }),
    sqs,
    table: String(resources.LedgerTable?.ref),
    resources,
    requests,
    resetRequests: () => requests.clear(),
    totalRequests: () => [...requests.values()].reduce((a, b) => a + b, 0),
  };
}

/** Runs `task` over `items` with at most `width` in flight. */
export async function inParallel<T>(items: T[], width: number, task: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  }));
}
