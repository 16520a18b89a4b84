/**
 * What a healthy sweep reads as the cell records grow: each size on a table of its own, every cell reporting (so
 * none is stale), then one sweep planned. The detection benchmark's sweeps read a few dozen cells, where every
 * query costs its minimum; here the read units per cell record show, which is what the bill needs at thousands
 * of cells. The cells report as the heartbeat function records them, for as long as the sweeper's page window
 * (shared/domain/report-pages.ts): the sweep reads the cell records and the report pages a steady fleet leaves.
 */
import { LivenessStore } from '../shared/adapters/dynamo/liveness-store.ts';
import { ObserverStore } from '../shared/adapters/dynamo/observer-store.ts';
import { DEFAULT_THRESHOLDS } from '../shared/domain/liveness.ts';
import { DEFAULT_OBSERVER } from '../shared/domain/observer/hold.ts';
import { reportPaging } from '../shared/domain/report-pages.ts';
import { recordCellReport, recordCellReports } from '../shared/usecases/heartbeats.ts';
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
  let at = new Date('2026-11-22T10:00:00.000Z');
  const events = new CountingPublisher();
  const thresholds = { postgres: DEFAULT_THRESHOLDS, redis: DEFAULT_THRESHOLDS, kafka: DEFAULT_THRESHOLDS };
  const paging = reportPaging(thresholds, DEFAULT_OBSERVER.lagSeconds);
  const deps = {
    store: new InstanceStore(stack.doc, stack.table),
    liveness: new LivenessStore(stack.doc, stack.table),
    conditions: new ConditionStore(stack.doc, stack.table),
    events,
    clock: () => at,
    thresholds,
    paging,
    metricsSnapshotSeconds: 86_400,
    observer: new ObserverStore(stack.doc, stack.table),
    backlog: { waiting: async () => 0 },
    observerConfig: DEFAULT_OBSERVER,
  };
  // A cell record as a report leaves it: its time, the digest of its hundred members, the snapshot time.
  const ids = (c: number) => Array.from({ length: 100 }, (_, i) => ({ id: `sw-${c}-${i}` }));
  const report = (c: number) => ({ type: 'cell-heartbeat' as const, cellId: `sw-cell-${c}`, at: at.toISOString(), instances: ids(c) });
  const all = Array.from({ length: cells }, (_, c) => c);
  await inParallel(all, 32, (c) => recordCellReport(deps, report(c)));
  // A window's worth of rounds, 30 s apart, in batches of ten: three of every four reports paged.
  const batches = Array.from({ length: Math.ceil(cells / 10) }, (_, b) => all.slice(b * 10, b * 10 + 10));
  for (let round = 0; round < paging.windowSeconds / 30; round++) {
    at = new Date(at.getTime() + 30_000);
    await inParallel(batches, 16, (batch) => recordCellReports(deps, batch.map(report), 4));
  }
  const sweep = await measure(stack, events, () => planSweep(deps, at));
  return { cells, sweep };
}
