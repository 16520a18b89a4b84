/**
 * What detection costs, in DynamoDB requests, as the fleet grows: a steady heartbeat round, a sweep of a healthy
 * fleet, a sweep of one silent cell, and `warden status`. Sizes double so the ratios show what scales with what.
 * Reports through the queue are measured both ways in the same run: every report writing its cell's item (the path
 * before report pages, `paging` off) and the steady reports of a batch paged (shared/domain/report-pages.ts).
 */
import { ConditionStore } from '../shared/adapters/dynamo/condition-store.ts';
import { InstanceQueries } from '../shared/adapters/dynamo/instance-queries.ts';
import { InstanceStore } from '../shared/adapters/dynamo/instance-store.ts';
import { LivenessStore } from '../shared/adapters/dynamo/liveness-store.ts';
import { ObserverStore } from '../shared/adapters/dynamo/observer-store.ts';
import { DEFAULT_THRESHOLDS } from '../shared/domain/liveness.ts';
import { DEFAULT_OBSERVER } from '../shared/domain/observer/hold.ts';
import { reportPaging } from '../shared/domain/report-pages.ts';
import type { CellReport } from '../shared/schemas/heartbeats.ts';
import { recordCellReport, recordCellReports, recordInstanceHeartbeat, type HeartbeatDeps } from '../shared/usecases/heartbeats.ts';
import { IntakeMeter, recordIntake } from '../shared/usecases/intake.ts';
import { recordTransition, registerInstance } from '../shared/usecases/ledger.ts';
import { planSweep, runSweepJob } from '../shared/usecases/sweeper.ts';
import { CountingPublisher, inParallel, measure, type BenchStack, type PhaseCounts } from './harness.ts';
import { ingestThroughQueue, sumIngest, type IngestCounts } from './ingest.ts';

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
  /** The steady round above, with its units. */
  heartbeatRound: PhaseCounts;
  /**
   * Steady rounds sent to the heartbeat queue and taken in Lambda's batches, with report pages: as many rounds as
   * make one refresh of the cell items (three paged, then one written, at 30 s and 120 s), and those two apart.
   */
  ingest: IngestCounts;
  ingestPaged: IngestCounts;
  ingestRefresh: IngestCounts;
  /** One steady round through the queue without pages: every report writes its cell's item (the path before). */
  ingestWritten: IngestCounts;
  /** A round through the queue, with pages, in which every cell's membership changed (one member missing). */
  ingestChanged: IngestCounts & { wentMissing: number };
  intakeMark: PhaseCounts;
  healthySweep: PhaseCounts;
  /** The silent cell's members: its sweep to uncertain (above), then to unavailable with `down` raised, then back. */
  silentCellSweep: PhaseCounts;
  unavailableSweep: PhaseCounts & { transitions: number };
  recovery: PhaseCounts & { recovered: number };
  /** One cell's members: a metrics snapshot, and facts that changed (a new backup), one write each. */
  metricsSnapshot: PhaseCounts & { instances: number };
  factsChanged: PhaseCounts & { instances: number };
  /** The same members sending single-instance heartbeats (what a write per heartbeat would cost). */
  instanceHeartbeats: PhaseCounts & { heartbeats: number };
}

export async function benchDetection(stack: BenchStack, instances: number, cellSize: number, prefix: string): Promise<DetectionRow> {
  const events = new CountingPublisher();
  let clockMs = Date.parse('2026-11-22T10:00:00Z');
  const clock = () => new Date(clockMs);
  const thresholds = { postgres: DEFAULT_THRESHOLDS, redis: DEFAULT_THRESHOLDS, kafka: DEFAULT_THRESHOLDS };
  const deps = {
    store: new InstanceStore(stack.doc, stack.table),
    liveness: new LivenessStore(stack.doc, stack.table),
    conditions: new ConditionStore(stack.doc, stack.table),
    events,
    clock,
    thresholds,
    metricsSnapshotSeconds: 86_400,
    paging: reportPaging(thresholds, DEFAULT_OBSERVER.lagSeconds),
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
  const reportsNow = (cells: [string, string[]][] = [...members]): CellReport[] => {
    const at = clock().toISOString();
    return cells.map(([cellId, list]) => ({ type: 'cell-heartbeat', cellId, at, instances: list.map((id) => ({ id })) }));
  };
  // The path before pages, report by report; the rounds around the sweeps below go as the heartbeat function takes them.
  const round = () => inParallel(reportsNow(), 16, (report) => recordCellReport(deps, report));
  const batched = (reports: CellReport[]) => inParallel(chunks(reports, 10), 4, (batch) => recordCellReports(deps, batch, 4));
  const sweep = async () => {
    const plan = await planSweep(deps, clock());
    let transitions = 0;
    for (const job of plan.jobs) transitions += (await runSweepJob(deps, job, clock())).transitions.length;
    return transitions;
  };
  await round(); // first round learns membership
  clockMs += 30_000;
  const heartbeatRound = await measure(stack, events, round);
  const heartbeatRoundRequests = heartbeatRound.dynamodbRequests;
  clockMs += 30_000;
  const ingestWritten = await ingestThroughQueue(stack, events, { ...deps, paging: undefined }, reportsNow());
  // The items were written just now: three steady rounds are paged, the fourth (120 s later) refreshes the items.
  const rounds: IngestCounts[] = [];
  for (let r = 0; r < 4; r++) {
    clockMs += 30_000;
    rounds.push(await ingestThroughQueue(stack, events, deps, reportsNow()));
  }
  const ingest = sumIngest(rounds);
  const ingestPaged = sumIngest(rounds.slice(0, 3));
  const ingestRefresh = sumIngest(rounds.slice(3));

  // A heartbeat consumer's intake mark, as recordIntake writes it (a container at most every INTAKE_MARK_SECONDS).
  const intakeMark = await measure(stack, events, () => recordIntake({ ...deps, intakeMeter: new IntakeMeter(0) }, [{ sentAt: clock().toISOString(), attempt: 1 }], clock()));

  const healthySweep = await measure(stack, events, sweep);
  const healthySweepRequests = healthySweep.dynamodbRequests;

  // One cell falls silent for 100 s while the others keep reporting.
  const [silentCell = '', otherCell = ''] = members.keys();
  const othersReport = async (times: number) => {
    for (let t = 0; t < times; t++) {
      clockMs += 25_000;
      await batched(reportsNow([...members].filter(([c]) => c !== silentCell)));
    }
  };
  await othersReport(4);
  let silentCellTransitions = 0;
  const silentCellSweep = await measure(stack, events, async () => (silentCellTransitions = await sweep()));
  const silentCellSweepRequests = silentCellSweep.dynamodbRequests;
  // The same cell silent past the second threshold, then back.
  await othersReport(4);
  let unavailable = 0;
  const unavailableSweep = await measure(stack, events, async () => (unavailable = await sweep()));
  clockMs += 5_000;
  let recovered = 0;
  const recovery = await measure(stack, events, async () => {
    const [report] = reportsNow([[silentCell, members.get(silentCell) ?? []]]);
    if (report !== undefined) recovered = (await recordCellReport(deps, report)).recovered.length;
  });

  // warden status: the counts and detection's view of itself (shared/operator/ledger-commands.ts).
  stack.resetRequests();
  await Promise.all([new InstanceQueries(stack.doc, stack.table).counts(), deps.observer.read()]);
  const statusRequests = stack.totalRequests();
  const perInstance = await snapshotsAndSingleHeartbeats(stack, events, deps, () => (clockMs += 30_000, clock()), otherCell, members.get(otherCell) ?? []);
  // Every cell reports once more without its last member: membership changed, one member marked silent each.
  clockMs += 30_000;
  await batched(reportsNow());
  clockMs += 30_000;
  const changed = reportsNow([...members].map(([cellId, list]) => [cellId, list.slice(0, -1)]));
  const ingestChanged = await ingestThroughQueue(stack, events, deps, changed);
  const dropped = new Set([...members.values()].map((list) => list.at(-1)));
  const wentMissing = (await deps.liveness.silentSince(clock().toISOString())).filter((m) => dropped.has(m.id)).length;
  return {
    ...perInstance,
    heartbeatRound,
    ingest,
    ingestPaged,
    ingestRefresh,
    ingestWritten,
    ingestChanged: { ...ingestChanged, wentMissing },
    intakeMark,
    healthySweep,
    silentCellSweep,
    unavailableSweep: { ...unavailableSweep, transitions: unavailable },
    recovery: { ...recovery, recovered },
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

/**
 * What one instance's own writes cost: a metrics snapshot (due here on every report), facts that changed (the
 * second backup reported: the first creates the aspect, a second write), and single-instance heartbeats.
 */
async function snapshotsAndSingleHeartbeats(
  stack: BenchStack,
  events: CountingPublisher,
  deps: HeartbeatDeps,
  tick: () => Date,
  cellId: string,
  ids: string[],
): Promise<Pick<DetectionRow, 'metricsSnapshot' | 'factsChanged' | 'instanceHeartbeats'>> {
  const report = (at: Date, entry: (id: string) => CellReport['instances'][number]): CellReport =>
    ({ type: 'cell-heartbeat', cellId, at: at.toISOString(), instances: ids.map(entry) });
  const metricsSnapshot = await measure(stack, events, () =>
    recordCellReport({ ...deps, metricsSnapshotSeconds: 0 }, report(tick(), (id) => ({ id, metrics: { cpuPct: 31, memoryPct: 52, diskPct: 40, connectionsPct: 12 } }))));
  const backup = (at: Date) => (id: string) => ({ id, facts: { backup: { lastSuccessAt: at.toISOString() } } });
  let at = tick();
  await recordCellReport(deps, report(at, backup(at)));
  at = tick();
  const factsChanged = await measure(stack, events, () => recordCellReport(deps, report(at, backup(at))));
  const beatAt = tick().toISOString();
  const instanceHeartbeats = await measure(stack, events, () => inParallel(ids, 16, (id) => recordInstanceHeartbeat(deps, id, beatAt)));
  return {
    metricsSnapshot: { ...metricsSnapshot, instances: ids.length },
    factsChanged: { ...factsChanged, instances: ids.length },
    instanceHeartbeats: { ...instanceHeartbeats, heartbeats: ids.length },
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
