/**
 * Remediation in memory: the planner's and the worker's use cases, unmodified, over the memory adapters of one
 * world (test/support/memory-deps.ts) and a simulated fleet sharing the test's clock. What reaches the remediation
 * queue is on `queue.sent`. For delivery through SQS and DynamoDB under concurrency, see
 * test/integration/remediation/harness.ts; test/contract keeps the two kinds of store alike.
 */
import { SimulatedFleet } from '../../../sim/index.ts';
import { MemoryEventBus, MemoryQueue, type MemoryTables } from '../../../shared/adapters/memory/index.ts';
import type { InstanceStore } from '../../../shared/adapters/dynamo/instance-store.ts';
import { loadPlaybooks } from '../../../shared/domain/playbooks/registry.ts';
import type { RuntimeDeps } from '../../../shared/runtime/deps.ts';
import type { WorkerDeps } from '../../../shared/usecases/remediation/deps.ts';
import { SettableClock } from '../../support/deps.ts';
import { memoryRuntimeDeps, memoryWorkerDeps, memoryWorld } from '../../support/memory-deps.ts';
import { T0, testProvider, testSettings, type HarnessOptions } from '../../support/remediation.ts';

export { availableInstances, raise, registeredInstances, T0 } from '../../support/remediation.ts';

export interface Harness {
  db: MemoryTables;
  store: InstanceStore;
  clock: SettableClock;
  events: MemoryEventBus;
  fleet: SimulatedFleet;
  deps: WorkerDeps;
  /** The operator function's dependencies, on the same stores. */
  operator: RuntimeDeps;
  queue: MemoryQueue;
}

export async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = new SettableClock(new Date(T0));
  const world = memoryWorld(clock.read);
  const fleet = new SimulatedFleet({ now: clock.read, seed: 7 });
  const queue = new MemoryQueue('memory://remediation-queue');
  const operator = memoryRuntimeDeps(world);
  const deps = memoryWorkerDeps(world, {
    playbooks: loadPlaybooks(),
    settings: testSettings(options),
    provider: testProvider(fleet, options),
    queue,
    sizesTtlSeconds: options.sizesTtlSeconds ?? 0,
  }, operator);
  return { db: world.db, store: operator.store, clock, events: world.events, fleet, deps, operator, queue };
}
