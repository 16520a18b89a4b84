/**
 * What a healthy sweep reads as the cell records grow: each size on a table of its own, every cell reporting (so
 * none is stale), then one sweep planned. The detection benchmark's sweeps read a few dozen cells, where every
 * query costs its minimum; here the read units per cell record show, which is what the bill needs at thousands
 * of cells.
 */
import { LivenessStore } from '../shared/adapters/dynamo/liveness-store.ts';
import { ObserverStore } from '../shared/adapters/dynamo/observer-store.ts';
import { DEFAULT_THRESHOLDS } from '../shared/domain/liveness.ts';
import { DEFAULT_OBSERVER } from '../shared/domain/observer/hold.ts';
import { recordCellReport } from '../shared/usecases/heartbeats.ts';
import { planSweep } from '../shared/usecases/sweeper.ts';
import { ConditionStore } from '../shared/adapters/dynamo/condition-store.ts';
import { InstanceStore } from '../shared/adapters/dynamo/instance-store.ts';
import { CountingPublisher, inParallel, measure, type BenchStack, type PhaseCounts } from './harness.ts';

export interface SweepRow {
  cells: number;
  sweep: PhaseCounts;
}

export async function benchSweeps(base: BenchStack, cells: number): Promise<SweepRow> {
  const stack = await base.fresh(`sweeps${cells}`);
  const at = new Date('2026-11-22T10:00:00.000Z');
  const events = new CountingPublisher();
  const deps = {
    store: new InstanceStore(stack.doc, stack.table),
    liveness: new LivenessStore(stack.doc, stack.table),
    conditions: new ConditionStore(stack.doc, stack.table),
    events,
    clock: () => at,
    thresholds: { postgres: DEFAULT_THRESHOLDS, redis: DEFAULT_THRESHOLDS, kafka: DEFAULT_THRESHOLDS },
    metricsSnapshotSeconds: 86_400,
    observer: new ObserverStore(stack.doc, stack.table),
    backlog: { waiting: async () => 0 },
    observerConfig: DEFAULT_OBSERVER,
  };
  // A cell record as a report leaves it: its time, the digest of its hundred members, the snapshot time.
  const ids = (c: number) => Array.from({ length: 100 }, (_, i) => ({ id: `sw-${c}-${i}` }));
  await inParallel(Array.from({ length: cells }, (_, c) => c), 32, (c) =>
    recordCellReport(deps, { type: 'cell-heartbeat', cellId: `sw-cell-${c}`, at: at.toISOString(), instances: ids(c) }));
  const sweep = await measure(stack, events, () => planSweep(deps, at));
  return { cells, sweep };
}
