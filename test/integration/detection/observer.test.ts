import { beforeEach, describe, expect, it } from 'vitest';
import { detectionStatus } from '../../../shared/operator/detection-commands.ts';
import { detectionTestDeps, SettableClock, TEST_OBSERVER } from '../../support/deps.ts';
import { freshStack, type TestStack } from '../../support/stack.ts';
import { ObservedFleet, ZONES } from '../../support/observed-fleet.ts';

let stack: TestStack;
let clock: SettableClock;
let ctx: ReturnType<typeof detectionTestDeps>;
let fleet: ObservedFleet;

const stateOf = async (id: string) => (await stack.store.get(id)).state;
const pages = () => ctx.events.ofType('EscalationRaised').filter((e) => e.detail.kind === 'detection');

async function start(observer = TEST_OBSERVER): Promise<void> {
  stack = await freshStack();
  clock = new SettableClock(new Date('2026-11-22T10:00:00.000Z'));
  ctx = detectionTestDeps(stack, clock, undefined, observer);
  fleet = new ObservedFleet(stack, ctx, clock);
  await fleet.create(2, 2); // 6 cells in 3 zones, 12 instances
  await fleet.send();
  await fleet.consume();
  await fleet.sweep();
}

describe('a heartbeat consumer paused longer than the unavailable threshold', () => {
  beforeEach(() => start());

  it('makes no transition while reports wait, holds detection and says so once, and resumes after catching up', async () => {
    await fleet.run(240, { consumer: false });
    expect(fleet.transitions).toEqual([]);
    const held = await detectionStatus(ctx.observer);
    expect(held).toMatchObject({ held: true, hold: { reasons: ['behind'] } });
    expect(held.hold?.lagSeconds).toBeGreaterThanOrEqual(180);
    expect(ctx.events.ofType('DetectionHeld')).toHaveLength(1);
    expect(pages()).toHaveLength(1);
    expect(String(pages()[0]?.detail.summary)).toMatch(/^Fleetwarden is behind, not the fleet: its heartbeat intake is \d+ s behind/);

    expect(await fleet.consume()).toBe(6 * 8);
    await fleet.sweep();
    expect(fleet.transitions).toEqual([]);
    expect(await detectionStatus(ctx.observer)).toMatchObject({ held: false });
    expect(ctx.events.ofType('DetectionResumed')).toHaveLength(1);
    expect(ctx.events.ofType('DetectionResumed')[0]?.detail.heldForSeconds).toBeGreaterThan(0);
    for (const id of fleet.instanceIds) expect(await stateOf(id)).toBe('available');
  });

  it('still finds a real crash once the backlog is processed, exactly once', async () => {
    const [victim = ''] = fleet.instanceIds;
    fleet.crashed.add(victim);
    await fleet.run(240, { consumer: false });
    expect(fleet.transitions).toEqual([]);
    await fleet.consume();
    await fleet.sweep();
    await fleet.sweep(); // an overlapping or repeated sweep changes nothing more
    expect(fleet.transitions).toEqual([{ instanceId: victim, to: 'uncertain' }, { instanceId: victim, to: 'unavailable' }]);
    expect((await stack.store.get(victim)).conditions?.down).toMatchObject({ source: 'sweeper' });
    expect(ctx.events.ofType('ConditionRaised').filter((e) => e.detail.instanceId === victim)).toHaveLength(1);
  });

  it('announces the hold once however many sweeps overlap', async () => {
    clock.advance(120);
    await fleet.send();
    await Promise.all([fleet.sweep(), fleet.sweep(), fleet.sweep()]);
    expect(ctx.events.ofType('DetectionHeld')).toEqual([]); // held, not yet for as long as the lag bound
    clock.advance(60);
    await fleet.send();
    await Promise.all([fleet.sweep(), fleet.sweep(), fleet.sweep()]);
    await fleet.sweep();
    expect(ctx.events.ofType('DetectionHeld')).toHaveLength(1);
    expect(pages()).toHaveLength(1);
  });
});

describe('a sweeper that did not run for three thresholds', () => {
  beforeEach(() => start());

  it('makes no transition until fresh reports cover a full threshold after the gap', async () => {
    const [deadCell = ''] = fleet.cells.keys();
    clock.advance(270);
    await fleet.sweep();
    expect(fleet.transitions).toEqual([]);
    expect((await detectionStatus(ctx.observer)).hold?.reasons).toContain('gap');

    fleet.dark.add(deadCell); // this cell really died during the gap: the others report again
    await fleet.run(60);
    expect(fleet.transitions).toEqual([]);
    expect(ctx.events.ofType('DetectionHeld')).toHaveLength(1);
    await fleet.run(60); // 90 s of fresh data after the gap's end, at the sweep at +120
    const judged = new Set(fleet.transitions.map((t) => t.instanceId));
    expect([...judged].sort()).toEqual([...(fleet.cells.get(deadCell) ?? [])].sort());
    expect(fleet.transitions.every((t) => t.to === 'uncertain')).toBe(true);
    expect(await detectionStatus(ctx.observer)).toMatchObject({ held: false });
  });
});

describe('implausible silence', () => {
  it('holds every whole-cell transition (so no down and no restart) when cells in every zone go quiet, and pages once', async () => {
    await start();
    for (const cellId of fleet.cells.keys()) fleet.dark.add(cellId);
    await fleet.run(600);
    expect(fleet.transitions).toEqual([]);
    expect(ctx.events.ofType('ConditionRaised')).toEqual([]);
    const status = await detectionStatus(ctx.observer);
    expect(status).toMatchObject({ held: true, hold: { reasons: ['implausible'] }, scopes: [{ service: 'postgres', quietCells: 6, cells: 6, zones: 3 }] });
    expect(pages()).toHaveLength(1);
    expect(String(pages()[0]?.detail.summary)).toContain('6 of 6 postgres cells quiet across all 3 zones');
  });

  it('judges the silence once an engineer releases the service', async () => {
    await start();
    for (const cellId of fleet.cells.keys()) fleet.dark.add(cellId);
    await fleet.run(120);
    expect(fleet.transitions).toEqual([]);
    expect(await ctx.observer.releaseScope('postgres', 'engineer:alice', clock.read().toISOString())).toBe(true);
    await fleet.run(60);
    expect(new Set(fleet.transitions.map((t) => t.instanceId)).size).toBe(12);
    expect(await stateOf(fleet.instanceIds[0] ?? '')).toBe('unavailable');
  });

  it('takes the silence as real once it outlasts the ceiling with fresh data (the wait a real mass failure pays)', async () => {
    await start({ ...TEST_OBSERVER, ceilingSeconds: 300 });
    for (const cellId of fleet.cells.keys()) fleet.dark.add(cellId);
    await fleet.run(240);
    expect(fleet.transitions).toEqual([]);
    await fleet.run(120);
    expect(new Set(fleet.transitions.map((t) => t.instanceId)).size).toBe(12);
    const resumed = ctx.events.ofType('DetectionResumed');
    expect(resumed).toHaveLength(1);
    expect(resumed[0]?.detail.judgedScopes).toEqual([expect.objectContaining({ service: 'postgres', confirmedAt: expect.any(String) })]);
  });

  it('is not what one zone going dark is: a zone failure is judged as usual', async () => {
    await start();
    const zoneCells = [...fleet.cells.keys()].filter((cellId) => cellId.startsWith(ZONES[0]));
    for (const cellId of zoneCells) fleet.dark.add(cellId);
    await fleet.run(120);
    expect(new Set(fleet.transitions.map((t) => t.instanceId)).size).toBe(4);
    expect(ctx.events.ofType('DetectionHeld')).toEqual([]);
  });
});
