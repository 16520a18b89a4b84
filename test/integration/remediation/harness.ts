/**
 * Remediation on a fresh copy of the stack (DynamoDB Local and the SQS emulator, through the real SDK): the
 * planner's and the worker's use cases with a simulated fleet sharing the test's clock, the real remediation
 * queue and dead-letter queue, and the worker's record handler driven by the local stack's SQS poller.
 */
import { ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { SimulatedFleet, SimulatorProvider, toInstanceSpec, type SimulatedInstanceSpec } from '../../../sim/index.ts';
import { QueueSender } from '../../../shared/adapters/sqs/queue-sender.ts';
import type { FleetProvider } from '../../../shared/domain/fleet.ts';
import { loadPlaybooks } from '../../../shared/domain/playbooks/registry.ts';
import { AgendaTimingsSchema, type AgendaTimings } from '../../../shared/domain/remediation/agenda.ts';
import { SafetyConfigSchema } from '../../../shared/domain/safety/config.ts';
import { conditionRaised } from '../../../shared/domain/events.ts';
import { remediationRecordHandler } from '../../../shared/runtime/remediation-record.ts';
import { remediationStores, taskQueue } from '../../../shared/runtime/remediation-deps.ts';
import { mapLimit } from '../../../shared/lib/map-limit.ts';
import { processSqsBatch } from '../../../shared/runtime/sqs-batch.ts';
import type { ConditionRaisedDetail } from '../../../shared/schemas/remediation.ts';
import { raiseCondition } from '../../../shared/usecases/conditions.ts';
import { registerInstance, recordTransition } from '../../../shared/usecases/ledger.ts';
import type { WorkerDeps } from '../../../shared/usecases/remediation/deps.ts';
import { EndedTasks } from '../../../shared/usecases/remediation/ended-tasks.ts';
import { FleetSizes } from '../../../shared/usecases/remediation/fleet-sizes.ts';
import { ledgerStores, type RuntimeDeps } from '../../../shared/runtime/deps.ts';
import { startPoller } from '../../../local/sqs-poller.ts';
import { RecordingPublisher, SettableClock } from '../../support/deps.ts';
import { freshStack, type TestStack } from '../../support/stack.ts';

export const T0 = '2026-11-22T10:00:00.000Z';
const SYSTEM = { kind: 'system', id: 'test' } as const;

export interface HarnessOptions {
  safety?: unknown;
  timings?: Partial<AgendaTimings>;
  /** Wraps the simulator provider, e.g. to count concurrency or to crash mid-action. */
  provider?: (inner: FleetProvider) => FleetProvider;
  /** How long the simulated control plane takes to answer an action. */
  actionLatencyMs?: number;
  /** How long fleet sizes are cached (0: read every time, so a test's registrations count at once). */
  sizesTtlSeconds?: number;
}

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
  const simulator = new SimulatorProvider(fleet, { actionLatencyMs: options.actionLatencyMs ?? 0 });
  const deps: WorkerDeps = {
    ...base,
    ...remediationStores(doc, table),
    queue: taskQueue(new QueueSender(stack.sqs, queueUrl)),
    playbooks: loadPlaybooks(),
    settings: {
      safety: SafetyConfigSchema.parse(options.safety ?? {}),
      timings: AgendaTimingsSchema.parse(options.timings ?? {}),
      probeIntervalSeconds: 1,
    },
    sizes: new FleetSizes(stack.queries, clock.read, options.sizesTtlSeconds ?? 0),
    provider: options.provider ? options.provider(simulator) : simulator,
    ended: new EndedTasks(),
  };
  return { stack, clock, events, fleet, deps, operator: base, queueUrl, dlqUrl: stack.queueUrl('RemediationDeadLetterQueue') };
}

/** Registers instances in the ledger only (left `installing`): bystanders that count in the fleet's size. */
export async function registeredInstances(h: Harness, specs: SimulatedInstanceSpec[]): Promise<void> {
  await mapLimit(specs, 8, async (spec) => {
    const { id, service, plan, region, zone, cellId, image, role } = h.fleet.add(spec);
    await registerInstance(h.deps, { id, service, plan, region, zone, cellId, image, role }, { actor: SYSTEM, reason: 'created', cause: { kind: 'created', id } });
  });
}

/** Registers instances in the ledger (available, with what the simulator knows of them) and in the simulated fleet. */
export async function availableInstances(h: Harness, specs: SimulatedInstanceSpec[]): Promise<void> {
  await mapLimit(specs, 8, async (spec) => {
    const { id } = h.fleet.add(spec);
    await registerInstance(h.deps, toInstanceSpec(h.fleet.instance(id)), { actor: SYSTEM, reason: 'created', cause: { kind: 'created', id } });
    await recordTransition(h.deps, id, 'available', { actor: SYSTEM, reason: 'ready', cause: { kind: 'ready', id } });
  });
}

/** Raises a condition as the sweeper or an alarm would, and returns the ConditionRaised detail the planner gets. */
export async function raise(h: Harness, instanceId: string, condition: string, source = 'test-alarm'): Promise<ConditionRaisedDetail> {
  const instance = await h.stack.store.get(instanceId);
  await raiseCondition(h.deps, instance, condition, { raisedAt: h.clock.read().toISOString(), source });
  const record = (await h.stack.store.get(instanceId)).conditions?.[condition];
  if (record === undefined) throw new Error(`test setup: ${condition} was not raised on ${instanceId}`);
  const event = conditionRaised(instance, condition, record);
  return { ...event.detail, dedupeKey: event.dedupeKey } as ConditionRaisedDetail;
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
