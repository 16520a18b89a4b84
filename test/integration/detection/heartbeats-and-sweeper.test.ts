import { TransientError } from '../../../shared/domain/errors.ts';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerInstance, recordTransition } from '../../../shared/usecases/ledger.ts';
import { recordCellReport, recordInstanceHeartbeat } from '../../../shared/usecases/heartbeats.ts';
import { planSweep, runSweepJob } from '../../../shared/usecases/sweeper.ts';
import { thresholdsFromEnv } from '../../../shared/runtime/liveness-config.ts';
import { anInstanceSpec, system } from '../../support/factories.ts';
import { detectionTestDeps, SettableClock } from '../../support/deps.ts';
import { freshStack, type TestStack } from '../../support/stack.ts';

let stack: TestStack;
let clock: SettableClock;
let ctx: ReturnType<typeof detectionTestDeps>;
const T0 = '2026-11-22T10:00:00.000Z';

async function availableInstances(cellId: string, n: number, service: 'postgres' | 'redis' | 'kafka' = 'postgres'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const spec = anInstanceSpec({ cellId, service, plan: `${service}-standard` });
    await registerInstance(ctx.deps, spec, { actor: system, reason: 'created', cause: { kind: 'created', id: spec.id } });
    await recordTransition(ctx.deps, spec.id, 'available', { actor: system, reason: 'ready', cause: { kind: 'ready', id: spec.id } });
    ids.push(spec.id);
  }
  return ids;
}

const report = (cellId: string, ids: string[]) => ({ type: 'cell-heartbeat' as const, cellId, at: clock.read().toISOString(), instances: ids.map((id) => ({ id })) });

async function sweep(): Promise<number> {
  const plan = await planSweep(ctx.deps, clock.read());
  let moved = 0;
  for (const job of plan.jobs) moved += (await runSweepJob(ctx.deps, job, clock.read())).transitions.length;
  return moved;
}

const stateOf = async (id: string) => (await stack.store.get(id)).state;

beforeEach(async () => {
  stack = await freshStack();
  clock = new SettableClock(new Date(T0));
  ctx = detectionTestDeps(stack, clock);
});

describe('a silent cell', () => {
  it('moves its instances to uncertain at exactly 90 s of silence, not at 89 s', async () => {
    const ids = await availableInstances('cell-1', 3);
    await recordCellReport(ctx.deps, report('cell-1', ids));
    clock.advance(89);
    expect(await sweep()).toBe(0);
    clock.advance(1);
    expect(await sweep()).toBe(3);
    for (const id of ids) expect(await stateOf(id)).toBe('uncertain');
  });

  it('makes them unavailable at 180 s and raises down, once, however many sweeps overlap', async () => {
    const ids = await availableInstances('cell-2', 2);
    await recordCellReport(ctx.deps, report('cell-2', ids));
    clock.advance(180);
    const plans = await Promise.all([planSweep(ctx.deps, clock.read()), planSweep(ctx.deps, clock.read())]);
    const raced = await Promise.allSettled(plans.flatMap((plan) => plan.jobs.map((job) => runSweepJob(ctx.deps, job, clock.read()))));
    // A sweep that lost a race may fail, but only with a transient, typed error (its job is retried), never otherwise.
    for (const outcome of raced) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(TransientError);
    await sweep(); // a third sweep, after the race, finishes anything a lost race left
    for (const id of ids) {
      expect(await stateOf(id)).toBe('unavailable');
      const history = await stack.store.history(id);
      expect(history.map((e) => e.to)).toEqual(['unavailable', 'uncertain', 'available', 'installing']);
      expect((await stack.store.get(id)).conditions?.down).toMatchObject({ source: 'sweeper' });
    }
    const mine = (type: string) => ctx.events.ofType(type).filter((e) => ids.includes(String(e.detail.instanceId)));
    // Publication is at least once (a race's loser re-publishes what the winner recorded); consumers drop repeats
    // by dedupe key, so each instance must have exactly one distinct key per effect.
    const distinct = (events: { dedupeKey: string; detail: Record<string, unknown> }[]) => [...new Map(events.map((e) => [e.dedupeKey, String(e.detail.instanceId)])).values()].sort();
    expect(distinct(mine('InstanceStateChanged').filter((e) => e.detail.to === 'unavailable'))).toEqual([...ids].sort());
    expect(distinct(mine('ConditionRaised').filter((e) => e.detail.condition === 'down'))).toEqual([...ids].sort());
  });

  it('brings uncertain instances back to available when the cell reports again', async () => {
    const ids = await availableInstances('cell-3', 2);
    await recordCellReport(ctx.deps, report('cell-3', ids));
    clock.advance(100);
    await sweep();
    clock.advance(5);
    const outcome = await recordCellReport(ctx.deps, report('cell-3', ids));
    expect(outcome.recovered.sort()).toEqual([...ids].sort());
    for (const id of ids) expect(await stateOf(id)).toBe('available');
  });

  it('clears the sweeper\'s down when an unavailable instance heartbeats again', async () => {
    const [id = ''] = await availableInstances('cell-4', 1);
    await recordCellReport(ctx.deps, report('cell-4', [id]));
    clock.advance(200);
    await sweep();
    expect(await stateOf(id)).toBe('unavailable');
    clock.advance(5);
    await recordCellReport(ctx.deps, report('cell-4', [id]));
    expect(await stateOf(id)).toBe('available');
    expect((await stack.store.get(id)).conditions?.down).toBeUndefined();
    expect(ctx.events.ofType('ConditionCleared')).toHaveLength(1);
  });
});

describe('an instance missing from a live cell', () => {
  it('is marked silent from its last report and judged on its own silence', async () => {
    const [a = '', b = ''] = await availableInstances('cell-5', 2);
    await recordCellReport(ctx.deps, report('cell-5', [a, b]));
    clock.advance(30);
    const outcome = await recordCellReport(ctx.deps, report('cell-5', [a]));
    expect(outcome.wentMissing).toEqual([b]);
    expect((await stack.store.get(b)).silentSince).toBe(T0);
    clock.advance(60); // b silent for 90 s since T0; the cell itself reported 60 s ago
    await recordCellReport(ctx.deps, report('cell-5', [a]));
    await sweep();
    expect(await stateOf(a)).toBe('available');
    expect(await stateOf(b)).toBe('uncertain');
    clock.advance(10);
    const back = await recordCellReport(ctx.deps, report('cell-5', [a, b]));
    expect(back.recovered).toEqual([b]);
    expect(await stateOf(b)).toBe('available');
    expect((await stack.store.get(b)).silentSince).toBeUndefined();
  });

  it('costs one cell write and no instance read when membership did not change', async () => {
    const ids = await availableInstances('cell-6', 5);
    await recordCellReport(ctx.deps, report('cell-6', ids));
    clock.advance(30);
    const sent: string[] = [];
    stack.doc.middlewareStack.add((next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    }, { step: 'initialize', name: 'count-requests' });
    await recordCellReport(ctx.deps, report('cell-6', ids));
    stack.doc.middlewareStack.remove('count-requests');
    expect(sent).toEqual(['UpdateItemCommand']);
  });
});

describe('the sweeper and heartbeats racing', () => {
  it('never leaves an instance uncertain once its heartbeat is recorded after the sweep', async () => {
    const ids = await availableInstances('cell-7', 3);
    await recordCellReport(ctx.deps, report('cell-7', ids));
    clock.advance(95);
    const plan = await planSweep(ctx.deps, clock.read());
    // The cell reports between planning and the sweep job: the job re-decides on fresh state.
    await recordCellReport(ctx.deps, report('cell-7', ids));
    for (const job of plan.jobs) await runSweepJob(ctx.deps, job, clock.read());
    clock.advance(5);
    await recordCellReport(ctx.deps, report('cell-7', ids));
    for (const id of ids) expect(await stateOf(id)).toBe('available');
  });

  it('ignores a heartbeat older than one already recorded', async () => {
    const ids = await availableInstances('cell-8', 1);
    clock.advance(10);
    await recordCellReport(ctx.deps, report('cell-8', ids));
    const late = { ...report('cell-8', ids), at: T0 };
    expect((await recordCellReport(ctx.deps, late)).outcome).toBe('out-of-order');
  });
});

describe('a cell agent whose clock runs ahead', () => {
  it('does not make its cell look alive in the future', async () => {
    const ids = await availableInstances('cell-10', 1);
    await recordCellReport(ctx.deps, { ...report('cell-10', ids), at: '2026-11-22T11:00:00.000Z' });
    clock.advance(90);
    expect(await sweep()).toBe(1);
  });
});

describe('single-instance heartbeats', () => {
  it('keep an instance without a cell agent available, and bring it back when it resumes', async () => {
    const [id = ''] = await availableInstances(`solo-${Date.now()}`, 1);
    clock.advance(60);
    await recordInstanceHeartbeat(ctx.deps, id, clock.read().toISOString());
    clock.advance(60);
    await sweep();
    expect(await stateOf(id)).toBe('available');
    clock.advance(100);
    await sweep();
    expect(await stateOf(id)).toBe('uncertain');
    const back = await recordInstanceHeartbeat(ctx.deps, id, clock.read().toISOString());
    expect(back.recovered).toEqual([id]);
    expect(await stateOf(id)).toBe('available');
  });

  it('reports a heartbeat for an unknown instance instead of writing anything', async () => {
    expect((await recordInstanceHeartbeat(ctx.deps, 'ghost-9', T0)).unknown).toEqual(['ghost-9']);
  });
});

describe('instances that are not expected to heartbeat', () => {
  it('are left alone however long they are silent', async () => {
    const spec = anInstanceSpec({ cellId: 'cell-9' });
    await registerInstance(ctx.deps, spec, { actor: system, reason: 'created', cause: { kind: 'created', id: spec.id } });
    const [live = ''] = await availableInstances('cell-9', 1);
    await recordCellReport(ctx.deps, report('cell-9', [live]));
    clock.advance(1000);
    await sweep();
    expect(await stateOf(spec.id)).toBe('installing');
    expect(await stateOf(live)).toBe('unavailable');
  });
});

describe('thresholds per service', () => {
  it('judges each instance of one cell by its own service\'s thresholds, as LIVENESS_OVERRIDES sets them', async () => {
    ctx = detectionTestDeps(stack, clock, thresholdsFromEnv({ LIVENESS_OVERRIDES: JSON.stringify({ kafka: { uncertainAfterSeconds: 120, unavailableAfterSeconds: 300 } }) }));
    const [pg = ''] = await availableInstances('cell-11', 1, 'postgres');
    const [broker = ''] = await availableInstances('cell-11', 1, 'kafka');
    await recordCellReport(ctx.deps, report('cell-11', [pg, broker]));
    clock.advance(119);
    await sweep();
    expect([await stateOf(pg), await stateOf(broker)]).toEqual(['uncertain', 'available']);
    clock.advance(1);
    await sweep();
    expect(await stateOf(broker)).toBe('uncertain');
    clock.advance(179); // 299 s of silence: postgres is long unavailable, kafka not yet
    await sweep();
    expect([await stateOf(pg), await stateOf(broker)]).toEqual(['unavailable', 'uncertain']);
    clock.advance(1);
    await sweep();
    expect(await stateOf(broker)).toBe('unavailable');
  });
});
