/**
 * Remediation on a fresh copy of the stack (DynamoDB Local and the SQS emulator, through the real SDK): the
 * planner's and the worker's use cases with a simulated fleet sharing the test's clock, the real remediation
 * queue and dead-letter queue, and the worker's record handler driven by the local stack's SQS poller. The tests
 * of remediation's logic run in memory instead (test/unit/remediation/harness.ts); these are the ones about
 * delivery through SQS and DynamoDB's behaviour under concurrency.
 */
import { ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { SimulatedFleet } from '../../../sim/index.ts';
import { QueueSender } from '../../../shared/adapters/sqs/queue-sender.ts';
import { loadPlaybooks } from '../../../shared/domain/playbooks/registry.ts';
import { remediationRecordHandler } from '../../../shared/runtime/remediation-record.ts';
import { remediationStores, taskQueue } from '../../../shared/runtime/remediation-deps.ts';
import { processSqsBatch } from '../../../shared/runtime/sqs-batch.ts';
import type { WorkerDeps } from '../../../shared/usecases/remediation/deps.ts';
import { EndedTasks } from '../../../shared/usecases/remediation/ended-tasks.ts';
import { FleetSizes } from '../../../shared/usecases/remediation/fleet-sizes.ts';
import { ledgerStores, type RuntimeDeps } from '../../../shared/runtime/deps.ts';
import { startPoller } from '../../../local/sqs-poller.ts';
import { RecordingPublisher, SettableClock } from '../../support/deps.ts';
import { T0, testProvider, testSettings, type HarnessOptions } from '../../support/remediation.ts';
import { freshStack, type TestStack } from '../../support/stack.ts';

export { availableInstances, raise, registeredInstances, T0 } from '../../support/remediation.ts';

export interface Harness {
  stack: TestStack;
  clock: SettableClock;
  events: RecordingPublisher;
  fleet: SimulatedFleet;
  deps: WorkerDeps;
  /** The operator function's dependencies, on the same stores. */
  operator: RuntimeDeps;
  queueUrl: string;
  dlqUrl: string;
}

export async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const stack = await freshStack();
  const clock = new SettableClock(new Date(T0));
  const events = new RecordingPublisher();
  const fleet = new SimulatedFleet({ now: clock.read, seed: 7 });
  const { doc, tableName: table } = stack;
  const queueUrl = stack.queueUrl('RemediationQueue');
  const base = {
    ...ledgerStores(doc, table),
    store: stack.store,
    queries: stack.queries,
    events,
    clock: clock.read,
  };
  const deps: WorkerDeps = {
    ...base,
    ...remediationStores(doc, table),
    queue: taskQueue(new QueueSender(stack.sqs, queueUrl)),
    playbooks: loadPlaybooks(),
    settings: testSettings(options),
    sizes: new FleetSizes(stack.queries, clock.read, options.sizesTtlSeconds ?? 0),
    provider: testProvider(fleet, options),
    ended: new EndedTasks(),
  };
  return { stack, clock, events, fleet, deps, operator: base, queueUrl, dlqUrl: stack.queueUrl('RemediationDeadLetterQueue') };
}

/** Runs `pollers` copies of the remediation worker on the queue, as Lambda's event source mapping would. */
export function startWorkers(h: Harness, pollers = 1, leaseMs = 60_000): { stop(): Promise<void> } {
  const handle = remediationRecordHandler(h.deps, 5, () => leaseMs);
  const batch = { sqs: h.stack.sqs, deadLetterQueueUrl: h.dlqUrl, maxAttempts: 5, concurrency: 5 };
  const running = Array.from({ length: pollers }, () =>
    startPoller({
      sqs: h.stack.sqs,
      queueUrl: h.queueUrl,
      queueArn: h.stack.resources.RemediationQueue?.attrs.Arn ?? '',
      region: 'us-east-1',
      batchSize: 10,
      reportBatchItemFailures: true,
      invoke: (event) => processSqsBatch(event, handle, batch),
      onError: () => undefined,
    }),
  );
  return { stop: async () => void (await Promise.all(running.map((p) => p.stop()))) };
}

/** Polls `probe` until `ok`, or gives up after `ms` and returns the last value. */
export async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every message on a queue right now (received, not deleted), with its attributes. */
export async function peek(h: Harness, queueUrl: string): Promise<Message[]> {
  const out = await h.stack.sqs.send(new ReceiveMessageCommand({
    QueueUrl: queueUrl,
    MaxNumberOfMessages: 10,
    WaitTimeSeconds: 1,
    MessageAttributeNames: ['All'],
    MessageSystemAttributeNames: ['All'],
  }));
  return out.Messages ?? [];
}
