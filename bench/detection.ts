/**
 * What detection costs, in DynamoDB requests, as the fleet grows: a steady heartbeat round, a sweep of a healthy
 * fleet, a sweep of one silent cell, and `warden status`. Sizes double so the ratios show what scales with what.
 */
import { ConditionStore } from '../shared/adapters/dynamo/condition-store.ts';
import { InstanceQueries } from '../shared/adapters/dynamo/instance-queries.ts';
import { InstanceStore } from '../shared/adapters/dynamo/instance-store.ts';
import { LivenessStore } from '../shared/adapters/dynamo/liveness-store.ts';
import { ObserverStore } from '../shared/adapters/dynamo/observer-store.ts';
import type { EventPublisher } from '../shared/adapters/events/event-bus.ts';
import { DEFAULT_THRESHOLDS } from '../shared/domain/liveness.ts';
import { DEFAULT_OBSERVER } from '../shared/domain/observer/hold.ts';
import { recordCellReport } from '../shared/usecases/heartbeats.ts';
import { recordTransition, registerInstance } from '../shared/usecases/ledger.ts';
import { planSweep, runSweepJob } from '../shared/usecases/sweeper.ts';
import { inParallel, type BenchStack } from './harness.ts';

const noEvents: EventPublisher = { publish: async () => undefined };
const system = { kind: 'system', id: 'bench' } as const;

export interface DetectionRow {
  instances: number;
  cells: number;
  heartbeatRoundRequests: number;
  requestsPerCellReport: number;
  requestsPerInstanceHeartbeat: number;
  healthySweepRequests: number;
  silentCellSweepRequests: number;
  silentCellTransitions: number;
  statusRequests: number;
}

export async function benchDetection(stack: BenchStack, instances: number, cellSize: number, prefix: string): Promise<DetectionRow> {
  let clockMs = Date.parse('2026-11-22T10:00:00Z');
  const clock = () => new Date(clockMs);
  const deps = {
    store: new InstanceStore(stack.doc, stack.table),
    liveness: new LivenessStore(stack.doc, stack.table),
    conditions: new ConditionStore(stack.doc, stack.table),
    events: noEvents,
    clock,
    thresholds: { postgres: DEFAULT_THRESHOLDS, redis: DEFAULT_THRESHOLDS, kafka: DEFAULT_THRESHOLDS },
    metricsSnapshotSeconds: 86_400,
    observer: new ObserverStore(stack.doc, stack.table),
    // The heartbeat queue is empty here (reports go straight to the use case): the watermark is the clock.
    backlog: { waiting: async () => 0 },
    observerConfig: DEFAULT_OBSERVER,
  };
  const cells = Math.ceil(instances / cellSize);
  const ids = Array.from({ length: instances }, (_, i) => `${prefix}-${i}`);
  const cellOf = (i: number) => `${prefix}-cell-${i % cells}`;
  await inParallel(ids.map((id, i) => ({ id, i })), 48, async ({ id, i }) => {
    const spec = { id, service: 'postgres' as const, plan: 'p', region: 'us-east-1', zone: 'us-east-1a', cellId: cellOf(i), image: { name: 'pg', version: '1' }, role: { kind: 'standalone' as const } };
    await registerInstance(deps, spec, { actor: system, reason: 'bench', cause: { kind: 'created', id } });
    await recordTransition(deps, id, 'available', { actor: system, reason: 'bench', cause: { kind: 'ready', id } });
  });
  const members = new Map<string, string[]>();
  ids.forEach((id, i) => members.set(cellOf(i), [...(members.get(cellOf(i)) ?? []), id]));
  const round = async () => {
    const at = clock().toISOString();
    await inParallel([...members], 16, ([cellId, list]) => recordCellReport(deps, { type: 'cell-heartbeat', cellId, at, instances: list.map((id) => ({ id })) }));
  };
  await round(); // first round learns membership
  clockMs += 30_000;
  stack.resetRequests();
  await round();
  const heartbeatRoundRequests = stack.totalRequests();

  stack.resetRequests();
  const healthy = await planSweep(deps, clock());
  for (const job of healthy.jobs) await runSweepJob(deps, job, clock());
  const healthySweepRequests = stack.totalRequests();

  // One cell falls silent for 100 s while the others keep reporting.
  const [silentCell = ''] = members.keys();
  for (let t = 0; t < 4; t++) {
    clockMs += 25_000;
    const at = clock().toISOString();
    await inParallel([...members].filter(([c]) => c !== silentCell), 16, ([cellId, list]) =>
      recordCellReport(deps, { type: 'cell-heartbeat', cellId, at, instances: list.map((id) => ({ id })) }));
  }
  stack.resetRequests();
  const plan = await planSweep(deps, clock());
  let silentCellTransitions = 0;
  for (const job of plan.jobs) silentCellTransitions += (await runSweepJob(deps, job, clock())).transitions.length;
  const silentCellSweepRequests = stack.totalRequests();

  // warden status: the counts and detection's view of itself (shared/operator/ledger-commands.ts).
  stack.resetRequests();
  await Promise.all([new InstanceQueries(stack.doc, stack.table).counts(), deps.observer.read()]);
  const statusRequests = stack.totalRequests();
  return {
    instances,
    cells,
    heartbeatRoundRequests,
    requestsPerCellReport: heartbeatRoundRequests / cells,
    requestsPerInstanceHeartbeat: heartbeatRoundRequests / instances,
    healthySweepRequests,
    silentCellSweepRequests,
    silentCellTransitions,
    statusRequests,
  };
}
