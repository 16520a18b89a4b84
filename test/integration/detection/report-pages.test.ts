/**
 * Report pages on DynamoDB Local: the steady reports of a batch recorded in one page item, a cell's own item
 * written only on change or refresh, and silence still judged from the last report received, paged or not.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadServerlessConfig } from '../../../local/serverless-config.ts';
import { pagePartition } from '../../../shared/adapters/dynamo/keys.ts';
import type { CellReport } from '../../../shared/schemas/heartbeats.ts';
import { sweepJobSchema } from '../../../shared/schemas/sweep.ts';
import { pageSteadyReports, recordCellReport, recordCellReports } from '../../../shared/usecases/heartbeats.ts';
import { recordTransition, registerInstance } from '../../../shared/usecases/ledger.ts';
import { planSweep, runSweepJob } from '../../../shared/usecases/sweeper.ts';
import { detectionTestDeps, SettableClock } from '../../support/deps.ts';
import { anInstanceSpec, system } from '../../support/factories.ts';
import { freshStack, type TestStack } from '../../support/stack.ts';

let stack: TestStack;
let clock: SettableClock;
let ctx: ReturnType<typeof detectionTestDeps>;
const T0 = '2026-12-06T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

async function availableInstances(cellId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const spec = anInstanceSpec({ cellId });
    await registerInstance(ctx.deps, spec, { actor: system, reason: 'created', cause: { kind: 'created', id: spec.id } });
    await recordTransition(ctx.deps, spec.id, 'available', { actor: system, reason: 'ready', cause: { kind: 'ready', id: spec.id } });
    ids.push(spec.id);
  }
  return ids;
}

const report = (cellId: string, ids: string[]): CellReport => ({ type: 'cell-heartbeat', cellId, at: clock.read().toISOString(), instances: ids.map((id) => ({ id })) });
const stateOf = async (id: string) => (await stack.store.get(id)).state;
const itemSeenAt = async (cellId: string) => (await ctx.deps.liveness.cell(cellId))?.lastSeenAt;

async function sweep(): Promise<number> {
  const plan = await planSweep(ctx.deps, clock.read());
  let moved = 0;
  for (const job of plan.jobs) moved += (await runSweepJob(ctx.deps, job, clock.read())).transitions.length;
  return moved;
}

/** The DynamoDB operations `task` sends. */
async function operations(task: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  stack.doc.middlewareStack.add((next, context) => async (args) => {
    sent.push(String(context.commandName).replace(/Command$/, ''));
    return next(args);
  }, { step: 'initialize', name: 'count-page-requests' });
  try {
    await task();
  } finally {
    stack.doc.middlewareStack.remove('count-page-requests');
  }
  return sent;
}

async function pagesWrittenAt(iso: string): Promise<Record<string, unknown>[]> {
  const out = await stack.doc.send(new QueryCommand({ TableName: stack.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pagePartition(iso.slice(0, 16)) } }));
  return out.Items ?? [];
}

beforeEach(async () => {
  stack = await freshStack();
  clock = new SettableClock(new Date(T0));
  ctx = detectionTestDeps(stack, clock);
});

describe('steady reports of one batch', () => {
  it('are recorded in one page item: one read of the cell items and one write, and the cell items are left as they were', async () => {
    const cells = ['pg-a', 'pg-b', 'pg-c'];
    const members = new Map<string, string[]>();
    for (const cellId of cells) members.set(cellId, await availableInstances(cellId, 2));
    await recordCellReports(ctx.deps, cells.map((c) => report(c, members.get(c) ?? [])), 4); // the first report writes each item
    clock.advance(30);
    let outcomes: Awaited<ReturnType<typeof recordCellReports>> = [];
    const sent = await operations(async () => (outcomes = await recordCellReports(ctx.deps, cells.map((c) => report(c, members.get(c) ?? [])), 4)));
    expect(sent.sort()).toEqual(['BatchGetItem', 'PutItem']);
    expect(outcomes.map((o) => [o.cellId, o.outcome, o.paged])).toEqual(cells.map((c) => [c, 'recorded', true]));
    for (const cellId of cells) expect(await itemSeenAt(cellId)).toBe(T0);
    const [page] = await pagesWrittenAt(at(30));
    expect(page?.cells).toEqual(Object.fromEntries(cells.map((c) => [c, at(30)])));
  });

  it('refresh the cell item once it is 120 s old', async () => {
    const ids = await availableInstances('pg-r', 1);
    await recordCellReport(ctx.deps, report('pg-r', ids));
    for (let s = 30; s <= 90; s += 30) {
      clock.set(at(s));
      expect((await recordCellReports(ctx.deps, [report('pg-r', ids)], 1))[0]?.paged).toBe(true);
    }
    clock.set(at(120));
    expect((await recordCellReports(ctx.deps, [report('pg-r', ids)], 1))[0]?.paged).toBeUndefined();
    expect(await itemSeenAt('pg-r')).toBe(at(120));
  });

  it('are recorded alone when they carry facts, and alone when nothing is paged (paging off)', async () => {
    const ids = await availableInstances('pg-f', 1);
    await recordCellReport(ctx.deps, report('pg-f', ids));
    clock.advance(30);
    const withFacts = { ...report('pg-f', ids), instances: ids.map((id) => ({ id, facts: { tls: { enforced: true } } })) };
    expect((await recordCellReports(ctx.deps, [withFacts], 1))[0]?.paged).toBeUndefined();
    expect(await itemSeenAt('pg-f')).toBe(at(30));
    clock.advance(30);
    expect(await operations(() => recordCellReports({ ...ctx.deps, paging: undefined }, [report('pg-f', ids)], 1))).toEqual(['UpdateItem']);
  });
});

describe('a membership change', () => {
  it('is written to the cell item, and the missing member is silent since the previous report, which was paged', async () => {
    const [a = '', b = ''] = await availableInstances('pg-m', 2);
    await recordCellReport(ctx.deps, report('pg-m', [a, b]));
    clock.advance(30);
    await recordCellReports(ctx.deps, [report('pg-m', [a, b])], 1); // paged: the item still says T0
    expect(await itemSeenAt('pg-m')).toBe(T0);
    clock.advance(30);
    const [outcome] = await recordCellReports(ctx.deps, [report('pg-m', [a])], 1);
    expect(outcome?.paged).toBeUndefined();
    expect(outcome?.wentMissing).toEqual([b]);
    expect(await itemSeenAt('pg-m')).toBe(at(60));
    expect((await stack.store.get(b)).silentSince).toBe(at(30));
    // b is judged from 30 s, not from the item's T0: still available at 119 s, uncertain at 120 s.
    clock.set(at(119));
    await recordCellReport(ctx.deps, report('pg-m', [a]));
    await sweep();
    expect(await stateOf(b)).toBe('available');
    clock.set(at(120));
    await sweep();
    expect([await stateOf(a), await stateOf(b)]).toEqual(['available', 'uncertain']);
  });
});

describe('a cell that dies right after a paged report', () => {
  it('is judged uncertain at exactly 90 s after that report, not at 89 s, and unavailable at 180 s', async () => {
    const ids = await availableInstances('pg-d', 3);
    await recordCellReport(ctx.deps, report('pg-d', ids));
    clock.advance(30);
    expect((await recordCellReports(ctx.deps, [report('pg-d', ids)], 1))[0]?.paged).toBe(true);
    clock.set(at(30 + 89));
    expect(await sweep()).toBe(0);
    clock.set(at(30 + 90));
    expect(await sweep()).toBe(3);
    for (const id of ids) expect(await stateOf(id)).toBe('uncertain');
    const [last] = await stack.store.history(ids[0] ?? '');
    expect(last?.reason).toContain(`last sign of life ${at(30)}`);
    clock.set(at(30 + 179));
    expect(await sweep()).toBe(0);
    clock.set(at(30 + 180));
    expect(await sweep()).toBe(3);
    for (const id of ids) expect((await stack.store.get(id)).conditions?.down).toMatchObject({ source: 'sweeper', evidence: `no heartbeat since ${at(30)}` });
  });

  it('has its sweep job carry the paged time, which the job writes into the cell item', async () => {
    const ids = await availableInstances('pg-j', 1);
    await recordCellReport(ctx.deps, report('pg-j', ids));
    clock.advance(30);
    await recordCellReports(ctx.deps, [report('pg-j', ids)], 1);
    clock.set(at(30 + 90));
    const plan = await planSweep(ctx.deps, clock.read());
    const job = plan.jobs.find((j) => j.kind === 'cell' && j.cellId === 'pg-j');
    expect(job).toMatchObject({ kind: 'cell', lastSeenAt: at(30) });
    // The job as the sweep queue carries it.
    const parsed = sweepJobSchema.parse(JSON.parse(JSON.stringify(job)));
    if (parsed.kind !== 'cell') throw new Error('expected a cell job');
    expect(await itemSeenAt('pg-j')).toBe(T0);
    expect((await runSweepJob(ctx.deps, parsed, clock.read())).transitions).toEqual([{ instanceId: ids[0], to: 'uncertain' }]);
    expect(await itemSeenAt('pg-j')).toBe(at(30));
    // A job planned without the page (the cell item alone) judges from the carried time too: nothing moves again.
    expect((await runSweepJob(ctx.deps, { ...parsed, lastSeenAt: T0 }, clock.read())).transitions).toEqual([]);
  });

  it('has the paged time carried into the cell item even when its services are held as implausible', async () => {
    const ids = await availableInstances('pg-h', 1);
    await recordCellReport(ctx.deps, report('pg-h', ids));
    clock.advance(30);
    await recordCellReports(ctx.deps, [report('pg-h', ids)], 1);
    clock.set(at(30 + 90));
    const job = (await planSweep(ctx.deps, clock.read())).jobs.find((j) => j.kind === 'cell' && j.cellId === 'pg-h');
    if (job?.kind !== 'cell') throw new Error('expected a cell job');
    expect((await runSweepJob(ctx.deps, { ...job, heldServices: ['postgres'] }, clock.read())).transitions).toEqual([]);
    expect(await stateOf(ids[0] ?? '')).toBe('available');
    expect(await itemSeenAt('pg-h')).toBe(at(30));
  });

  it('wins a race with the sweep: a report paged between planning and the job is seen by the job, which moves nothing', async () => {
    const ids = await availableInstances('pg-race', 2);
    await recordCellReport(ctx.deps, report('pg-race', ids));
    clock.set(at(95));
    const plan = await planSweep(ctx.deps, clock.read());
    expect(plan.jobs.filter((j) => j.kind === 'cell' && j.cellId === 'pg-race')).toHaveLength(1);
    clock.set(at(100));
    expect((await recordCellReports(ctx.deps, [report('pg-race', ids)], 1))[0]?.paged).toBe(true);
    for (const job of plan.jobs) expect((await runSweepJob(ctx.deps, job, clock.read())).transitions).toEqual([]);
    for (const id of ids) expect(await stateOf(id)).toBe('available');
    expect(await itemSeenAt('pg-race')).toBe(at(100));
  });

  it('comes back on its next report, which is written, not paged', async () => {
    const ids = await availableInstances('pg-b', 2);
    await recordCellReport(ctx.deps, report('pg-b', ids));
    clock.advance(30);
    await recordCellReports(ctx.deps, [report('pg-b', ids)], 1);
    clock.set(at(30 + 95));
    expect(await sweep()).toBe(2);
    clock.advance(5);
    const [back] = await recordCellReports(ctx.deps, [report('pg-b', ids)], 1);
    expect(back?.paged).toBeUndefined();
    expect(back?.recovered.sort()).toEqual([...ids].sort());
    for (const id of ids) expect(await stateOf(id)).toBe('available');
  });
});

describe('a batch delivered again', () => {
  it('writes the same page again, and the sweeper reads the same times: nothing moves twice', async () => {
    const ids = await availableInstances('pg-x', 2);
    await recordCellReport(ctx.deps, report('pg-x', ids));
    clock.advance(30);
    const batch = [report('pg-x', ids), report('pg-x', ids)]; // a duplicate inside the batch, too
    const first = await pageSteadyReports(ctx.deps, batch);
    const again = await pageSteadyReports(ctx.deps, batch);
    expect([...again]).toEqual([...first]);
    expect(await pagesWrittenAt(at(30))).toHaveLength(1);
    clock.advance(10); // redelivered later: a second page with the same times
    await pageSteadyReports(ctx.deps, batch);
    expect(await ctx.deps.liveness.pagedSince(new Date(T0), clock.read())).toEqual(new Map([['pg-x', at(30)]]));
    clock.set(at(30 + 90));
    expect(await sweep()).toBe(2);
    expect(await sweep()).toBe(0);
  });
});

describe('a page', () => {
  it('expires by the table\'s TTL attribute, and the sweeper reads only the pages of its window', async () => {
    const ids = await availableInstances('pg-t', 1);
    await recordCellReport(ctx.deps, report('pg-t', ids));
    clock.advance(30);
    await recordCellReports(ctx.deps, [report('pg-t', ids)], 1);
    const [page] = await pagesWrittenAt(at(30));
    const paging = ctx.deps.paging;
    expect(paging).toBeDefined();
    expect(page?.expiresAt).toBe(Date.parse(at(30)) / 1000 + (paging?.ttlSeconds ?? 0));
    const ledger = loadServerlessConfig({ stage: 'ttl', region: 'us-east-1' }).resources?.Resources?.LedgerTable as { Properties?: { TimeToLiveSpecification?: unknown } } | undefined;
    expect(ledger?.Properties?.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    const windowStart = (now: string) => new Date(Date.parse(now) - (paging?.windowSeconds ?? 0) * 1000);
    const inside = at(30 + (paging?.windowSeconds ?? 0));
    expect(await ctx.deps.liveness.pagedSince(windowStart(inside), new Date(inside))).toEqual(new Map([['pg-t', at(30)]]));
    const outside = at(31 + (paging?.windowSeconds ?? 0));
    expect(await ctx.deps.liveness.pagedSince(windowStart(outside), new Date(outside))).toEqual(new Map());
  });
});
