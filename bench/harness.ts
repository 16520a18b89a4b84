/** Shared by the benchmarks: emulators, a provisioned stack, request counting through SDK middleware. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventPublisher } from '../shared/usecases/ledger/ports.ts';
import type { DomainEvent } from '../shared/domain/events.ts';
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
  /** SQS requests by operation since the last reset; a ReceiveMessage that got nothing counts as `ReceiveMessage (empty)`. */
  sqsRequests: Map<string, number>;
  /** DynamoDB capacity units since the last reset, as DynamoDB Local reports them (table and indexes), transactions at 2 or more per item. */
  capacity: { read: number; write: number };
  /** The same capacity units by operation. */
  units: Map<string, number>;
  resetRequests(): void;
  /** DynamoDB requests since the last reset. */
  totalRequests(): number;
  /** SQS requests since the last reset. */
  totalSqsRequests(): number;
  /** The URL of a queue by its logical id in serverless.yml. */
  queueUrl(logicalId: string): string;
  /** Another copy of the tables and queues, under another stage name, on the same emulators, clients and counters. */
  fresh(stage: string): Promise<BenchStack>;
}

const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

type Counts = Map<string, number>;
const bump = (counts: Counts, name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
const sum = (counts: Counts) => [...counts.values()].reduce((a, b) => a + b, 0);
const operation = (commandName: unknown) => String(commandName).replace(/Command$/, '');

/** The operations that can report consumed capacity, and whether on-demand bills them as reads. */
const METERED: Record<string, 'read' | 'write'> = {
  GetItem: 'read', BatchGetItem: 'read', Query: 'read', Scan: 'read', TransactGetItems: 'read',
  PutItem: 'write', UpdateItem: 'write', DeleteItem: 'write', BatchWriteItem: 'write', TransactWriteItems: 'write',
};

type Consumed = { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
const unitsOf = (consumed: Consumed) => [consumed ?? []].flat().reduce((a, c) => a + (c.CapacityUnits ?? 0), 0);

/**
 * DynamoDB Local reports a transaction's units whatever its number of items (2 for four small puts, checked), where
 * DynamoDB bills 2 units per KB of every item. Count at least 2 per item: a floor, since task and instance items
 * are 1-3 KB.
 */
const transactionUnits = (input: unknown, consumed: Consumed) =>
  Math.max(unitsOf(consumed), 2 * ((input as { TransactItems?: unknown[] }).TransactItems?.length ?? 0));

export async function startBenchStack(): Promise<BenchStack> {
  const emulators = await startEmulators();
  const region = 'us-east-1';
  const dynamo = new DynamoDBClient({ region, endpoint: emulators.dynamodbEndpoint, credentials, maxAttempts: 10 });
  const sqs = new SQSClient({ region, endpoint: emulators.sqsEndpoint, credentials });
  const requests: Counts = new Map();
  const sqsRequests: Counts = new Map();
  const capacity = { read: 0, write: 0 };
  const units: Counts = new Map();
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const name = operation(context.commandName);
      bump(requests, name);
      const metered = METERED[name];
      if (metered === undefined) return next(args);
      // Asking for the consumed capacity changes only what the response carries.
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'INDEXES';
      const out = await next(args);
      const consumed = name === 'TransactWriteItems'
        ? transactionUnits(args.input, (out.output as { ConsumedCapacity?: Consumed }).ConsumedCapacity)
        : unitsOf((out.output as { ConsumedCapacity?: Consumed }).ConsumedCapacity);
      capacity[metered] += consumed;
      units.set(name, (units.get(name) ?? 0) + consumed);
      return out;
    },
    { step: 'initialize', name: 'count-requests' },
  );
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      const name = operation(context.commandName);
      const empty = name === 'ReceiveMessage' && ((out.output as { Messages?: unknown[] }).Messages ?? []).length === 0;
      bump(sqsRequests, empty ? 'ReceiveMessage (empty)' : name);
      return out;
    },
    { step: 'initialize', name: 'count-sqs-requests' },
  );
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const provision = async (stage: string): Promise<BenchStack> => {
    const resources = await provisionResources(loadServerlessConfig({ stage, region }), { dynamo, sqs, sqsEndpoint: emulators.sqsEndpoint });
    return {
      emulators,
      doc,
      sqs,
      table: String(resources.LedgerTable?.ref),
      resources,
      requests,
      sqsRequests,
      capacity,
      units,
      resetRequests: () => {
        requests.clear();
        sqsRequests.clear();
        units.clear();
        capacity.read = 0;
        capacity.write = 0;
      },
      totalRequests: () => sum(requests),
      totalSqsRequests: () => sum(sqsRequests),
      queueUrl: (logicalId) => {
        const url = resources[logicalId]?.ref;
        if (url === undefined) throw new Error(`no queue ${logicalId} in serverless.yml`);
        return url;
      },
      fresh: provision,
    };
  };
  return provision('bench');
}

/** Runs `task` over `items` with at most `width` in flight. */
export async function inParallel<T>(items: T[], width: number, task: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  }));
}

/** Requests by operation, as a plain object sorted by name (for the JSON output). */
export function byOperation(counts: Counts): Record<string, number> {
  return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Keeps count of the domain events published, by type, and of the PutEvents requests the EventBridge adapter
 * would make for them (ten entries per request); `waitFor` resolves once enough events of some types arrived.
 */
export class CountingPublisher implements EventPublisher {
  readonly byType = new Map<string, number>();
  putEventsRequests = 0;
  private waiters: { types: readonly string[]; count: number; resolve: () => void }[] = [];

  async publish(events: DomainEvent[]): Promise<void> {
    this.putEventsRequests += Math.ceil(events.length / 10);
    for (const event of events) bump(this.byType, event.type);
    this.waiters = this.waiters.filter((w) => (this.count(w.types) >= w.count ? (w.resolve(), false) : true));
  }

  count(types: readonly string[]): number {
    return types.reduce((n, type) => n + (this.byType.get(type) ?? 0), 0);
  }

  reset(): void {
    this.byType.clear();
    this.putEventsRequests = 0;
  }

  /** Resolves when `count` events of `types` have been published since the last reset; rejects after `ms`. */
  waitFor(types: readonly string[], count: number, ms: number): Promise<void> {
    if (this.count(types) >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.count(types)} of ${count} ${types.join('/')} events after ${ms} ms`)), ms);
      this.waiters.push({ types, count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }
}

/** What one measured phase cost: requests by operation, DynamoDB capacity units, PutEvents requests, and its time. */
export interface PhaseCounts {
  dynamodb: Record<string, number>;
  sqs: Record<string, number>;
  dynamodbRequests: number;
  sqsRequests: number;
  readUnits: number;
  writeUnits: number;
  /** Capacity units (read or write, as the operation is billed) by operation. */
  units: Record<string, number>;
  putEvents: number;
  /** Informational only: DynamoDB Local is not DynamoDB. */
  ms: number;
}

/** Counts what `phase` costs (the counters are reset first). */
export async function measure(stack: BenchStack, events: CountingPublisher, phase: () => Promise<unknown>): Promise<PhaseCounts> {
  stack.resetRequests();
  events.reset();
  const started = performance.now();
  await phase();
  const ms = Math.round(performance.now() - started);
  return {
    dynamodb: byOperation(stack.requests),
    sqs: byOperation(stack.sqsRequests),
    dynamodbRequests: stack.totalRequests(),
    sqsRequests: stack.totalSqsRequests(),
    readUnits: stack.capacity.read,
    writeUnits: stack.capacity.write,
    units: byOperation(stack.units),
    putEvents: events.putEventsRequests,
    ms,
  };
}
