import { describe, expect, it } from 'vitest';
import { clearCondition } from '../../../shared/usecases/conditions.ts';
import { planFromCondition } from '../../../shared/usecases/remediation/plan.ts';
import { recordFailure } from '../../../shared/usecases/remediation/mass-events.ts';
import { freeze, listTasks, remediateByHand, settleIncident, unfreeze } from '../../../shared/usecases/remediation/operator.ts';
import type { Incident } from '../../../shared/domain/safety/incident.ts';
import { pageIncident } from '../../../shared/usecases/remediation/pages.ts';
import { runPlannerTick } from '../../../shared/usecases/remediation/tick.ts';
import { runRemediation } from '../../../shared/usecases/remediation/worker.ts';
import { engineer } from '../../support/factories.ts';
import { availableInstances, harness, raise, T0, type Harness } from './harness.ts';

async function planned(h: Harness, instanceId: string, condition: string): Promise<string> {
  const plan = await planFromCondition(h.deps, await raise(h, instanceId, condition));
  if (!('taskId' in plan)) throw new Error(`test setup: ${plan.reason}`);
  return plan.taskId;
}

let runs = 0;
const run = (h: Harness, taskId: string) =>
  runRemediation(h.deps, taskId, { token: `run-${(runs += 1)}`, leaseMs: 60_000, stopStartingAt: Date.now() + 30_000, finalDelivery: false });
const task = async (h: Harness, taskId: string) => (await h.deps.tasks.find(taskId))?.task;
const pages = (h: Harness, kind: string) => h.events.ofType('EscalationRaised').filter((e) => e.detail.kind === kind);

describe('a freeze (break glass)', () => {
  it('holds remediation in its scope, plans it all the same, and lets it run once lifted', async () => {
    const h = await harness();
    await availableInstances(h, [{ id: 'pg-frozen-1', service: 'postgres', zone: 'us-east-1a', cellId: 'cell-1' }]);
    const frozen = await freeze(h.operator, { scope: 'zone:us-east-1a', expires: '2h' }, engineer, 'AZ maintenance by the provider');
    h.fleet.crash('pg-frozen-1');
    const taskId = await planned(h, 'pg-frozen-1', 'down');

    expect(await run(h, taskId)).toMatchObject({ outcome: 'parked', status: 'held' });
    expect((await task(h, taskId))?.blocked?.reason).toContain(`held by freeze ${frozen.id} on zone us-east-1a`);
    expect(h.fleet.actionsPerformed()).toBe(0);
    expect((await listTasks(h.operator, { state: 'held', limit: 10 })).map((t) => t.id)).toEqual([taskId]);
    expect((await runPlannerTick(h.deps)).sent).toBe(0);

    await unfreeze(h.operator, frozen.id, engineer, 'maintenance over');
    expect((await runPlannerTick(h.deps)).sent).toBe(1);
    expect(await run(h, taskId)).toMatchObject({ outcome: 'ended', status: 'succeeded' });
    expect(h.fleet.actionsPerformed({ kind: 'restart', instanceId: 'pg-frozen-1' })).toBe(1);
  });

  it('stops holding when it expires', async () => {
    const h = await harness();
    await availableInstances(h, [{ id: 'rd-frozen-1', service: 'redis', zone: 'us-east-1b', cellId: 'cell-2' }]);
    await freeze(h.operator, { scope: 'instance:rd-frozen-1', expires: '30m' }, engineer, 'customer migration');
    h.fleet.crash('rd-frozen-1');
    const taskId = await planned(h, 'rd-frozen-1', 'down');
    expect(await run(h, taskId)).toMatchObject({ status: 'held' });
    h.clock.advance(29 * 60);
    expect(await run(h, taskId)).toMatchObject({ status: 'held' });
    h.clock.advance(2 * 60);
    expect((await runPlannerTick(h.deps)).sent).toBe(1);
    expect(await run(h, taskId)).toMatchObject({ status: 'succeeded' });
  });
});

describe('dry run', () => {
  it('records what it would do and acts on nothing, globally', async () => {
    const h = await harness({ safety: { dryRun: { global: true } } });
    await availableInstances(h, [{ id: 'pg-dry-1', service: 'postgres', zone: 'us-east-1a', cellId: 'cell-1' }]);
    h.fleet.crash('pg-dry-1');
    const taskId = await planned(h, 'pg-dry-1', 'down');
    expect(await run(h, taskId)).toMatchObject({ outcome: 'ended', status: 'dry-run' });
    const dry = await task(h, taskId);
    expect(dry?.result).toBe('dry run: dry-run mode is on for the whole fleet; would restart pg-dry-1');
    expect(dry?.attempts).toEqual([expect.objectContaining({ step: 'restart', outcome: 'dry-run', action: expect.objectContaining({ kind: 'restart' }) })]);
    expect(h.fleet.actionsPerformed()).toBe(0);
    const instance = await h.store.get('pg-dry-1');
    expect(instance.state).toBe('available');
    expect(instance.conditions?.down).toBeDefined();
    expect(h.events.ofType('RemediationStarted')).toHaveLength(0);
    expect(await h.deps.tasks.inFlight('postgres', 'us-east-1a')).toEqual({ fleet: 0, service: 0, zone: 0 });
  });

  it('applies to the named playbooks only', async () => {
    const h = await harness({ safety: { dryRun: { playbooks: ['down'] } } });
    await availableInstances(h, [{ id: 'pg-dry-2', service: 'postgres', zone: 'us-east-1a', cellId: 'cell-1' }]);
    h.fleet.crash('pg-dry-2');
    const down = await planned(h, 'pg-dry-2', 'down');
    expect(await run(h, down)).toMatchObject({ status: 'dry-run' });
    h.fleet.heal('pg-dry-2');
    h.fleet.fillDisk('pg-dry-2');
    const disk = await planned(h, 'pg-dry-2', 'disk-full');
    expect(await run(h, disk)).toMatchObject({ status: 'succeeded' });
    expect(h.fleet.actionLog().map((a) => a.kind)).toEqual(['grow-storage']);
  });

  it('plans the conditions it left standing afresh, once, when it is switched off', async () => {
    const h = await harness({ safety: { dryRun: { global: true } } });
    await availableInstances(h, ['pg-dry-3', 'pg-dry-4'].map((id) => ({ id, service: 'postgres' as const, zone: 'us-east-1a', cellId: 'cell-1' })));
    const dry: string[] = [];
    for (const id of ['pg-dry-3', 'pg-dry-4']) {
      h.fleet.crash(id);
      dry.push(await planned(h, id, 'down'));
      expect(await run(h, dry.at(-1) ?? '')).toMatchObject({ status: 'dry-run' });
    }
    // A repeat of the same raise is the same task, already ended: nothing new while dry run is on.
    expect((await planFromCondition(h.deps, await raise(h, 'pg-dry-3', 'down'))).outcome).toBe('duplicate');
    expect((await runPlannerTick(h.deps)).replanned).toBe(0);
    // pg-dry-4 came back by itself meanwhile: its condition cleared, so there is nothing to plan for it.
    await clearCondition(h.deps, await h.store.get('pg-dry-4'), 'down', 'heartbeat');

    h.deps.settings.safety.dryRun = { global: false, playbooks: [] };
    h.clock.advance(60);
    expect((await runPlannerTick(h.deps)).replanned).toBe(1);
    const tasks = await listTasks(h.operator, { instanceId: 'pg-dry-3', limit: 10 });
    expect(tasks.map((t) => t.status).sort()).toEqual(['dry-run', 'pending']);
    const fresh = tasks.find((t) => t.status === 'pending')?.id ?? '';
    expect(fresh).not.toBe(dry[0]);
    // Its remediation is under way again: raising it by hand meanwhile changes nothing.
    expect(await remediateByHand(h.operator, 'pg-dry-3', 'down', engineer, 'is it on?')).toMatchObject({ outcome: 'already-raised', taskId: fresh });
    expect(await run(h, fresh)).toMatchObject({ status: 'succeeded' });
    expect(h.fleet.actionLog().map((a) => `${a.kind} ${a.instanceId}`)).toEqual(['restart pg-dry-3']);
    h.clock.advance(60);
    expect((await runPlannerTick(h.deps)).replanned).toBe(0);
    expect(await listTasks(h.operator, { instanceId: 'pg-dry-4', limit: 10 })).toHaveLength(1);
  });

  it('plans them afresh once their playbook is no longer in dry run', async () => {
    const h = await harness({ safety: { dryRun: { playbooks: ['down', 'disk-full'] } } });
    await availableInstances(h, [{ id: 'pg-dry-5', service: 'postgres', zone: 'us-east-1a', cellId: 'cell-1' }]);
    h.fleet.crash('pg-dry-5');
    expect(await run(h, await planned(h, 'pg-dry-5', 'down'))).toMatchObject({ status: 'dry-run' });
    h.deps.settings.safety.dryRun = { global: false, playbooks: ['disk-full'] };
    expect((await runPlannerTick(h.deps)).replanned).toBe(1);
    expect((await runPlannerTick(h.deps)).replanned).toBe(0);
  });
});

describe('the circuit breaker', () => {
  it('holds a playbook that keeps failing and pages once, however many tasks it holds', async () => {
    const h = await harness();
    const failures = Array.from({ length: 5 }, (_, i) => ({ at: new Date(Date.parse('2026-11-22T09:30:00.000Z') + i * 1000).toISOString(), ok: false, ref: `old-${i}` }));
    await h.deps.outcomes.record('down', failures);
    await availableInstances(h, ['pg-br-1', 'pg-br-2'].map((id) => ({ id, service: 'postgres' as const, zone: 'us-east-1a', cellId: 'cell-1' })));
    for (const id of ['pg-br-1', 'pg-br-2']) {
      h.fleet.crash(id);
      expect(await run(h, await planned(h, id, 'down'))).toMatchObject({ status: 'held' });
    }
    expect(h.fleet.actionsPerformed()).toBe(0);
    expect(pages(h, 'breaker')).toEqual([expect.objectContaining({ detail: expect.objectContaining({ playbook: 'down', summary: expect.stringContaining('5 of 5 attempts failed') }) })]);
  });

  it('pages once per opening, though tasks that acted before it opened go on failing', async () => {
    const h = await harness();
    const failures = Array.from({ length: 5 }, (_, i) => ({ at: new Date(Date.parse('2026-11-22T09:30:00.000Z') + i * 1000).toISOString(), ok: false, ref: `old-${i}` }));
    await h.deps.outcomes.record('down', failures);
    await availableInstances(h, ['pg-bo-1', 'pg-bo-2'].map((id) => ({ id, service: 'postgres' as const, zone: 'us-east-1a', cellId: 'cell-1' })));
    h.fleet.crash('pg-bo-1');
    expect(await run(h, await planned(h, 'pg-bo-1', 'down'))).toMatchObject({ status: 'held' });
    // A restart sent before the breaker opened fails its verification now.
    await h.deps.outcomes.record('down', [{ at: '2026-11-22T09:59:00.000Z', ok: false, ref: 'late-1' }]);
    h.fleet.crash('pg-bo-2');
    expect(await run(h, await planned(h, 'pg-bo-2', 'down'))).toMatchObject({ status: 'held' });
    expect(pages(h, 'breaker')).toHaveLength(1);
    expect(pages(h, 'breaker')[0]?.dedupeKey).toBe('escalation#breaker:down:2026-11-22T09:30:04.000Z');
  });
});

describe('an incident page', () => {
  const incident: Incident = {
    id: 'incident:zone=us-east-1a:2026-11-22T09:55:00.000Z',
    scope: { kind: 'zone', zone: 'us-east-1a' },
    openedAt: T0,
    windowStart: '2026-11-22T09:55:00.000Z',
    counts: { failed: 6, population: 10 },
    status: 'open',
  };

  it('goes out once when the tick and the detection that opened the incident page it at the same moment', async () => {
    const h = await harness();
    expect(await h.deps.incidents.open(incident)).toBe('opened');
    await Promise.all([runPlannerTick(h.deps), pageIncident(h.deps, incident, 300), pageIncident(h.deps, incident, 300)]);
    expect(pages(h, 'incident')).toHaveLength(1);
    await runPlannerTick(h.deps);
    expect(pages(h, 'incident')).toHaveLength(1);
  });

  it('is claimed by one run at a time, and claimed again only if that run died before paging', async () => {
    const h = await harness();
    await h.deps.incidents.open(incident);
    const at = (iso: string) => h.deps.incidents.claimPage(incident.id, iso, new Date(Date.parse(iso) - 300_000).toISOString());
    expect(await at(T0)).toBe(true);
    expect(await at('2026-11-22T10:04:59.000Z')).toBe(false);
    expect(await at('2026-11-22T10:05:01.000Z')).toBe(true);
    await h.deps.incidents.markPaged(incident.id);
    expect(await at('2026-11-22T11:00:00.000Z')).toBe(false);
  });
});

describe('a mass event', () => {
  async function zoneOutage(h: Harness): Promise<string[]> {
    const zones = [...Array(10).fill('us-east-1a'), ...Array(20).fill('us-east-1b'), ...Array(20).fill('us-east-1c')] as string[];
    await availableInstances(h, zones.map((zone, i) => ({
      id: `pg-${zone.slice(-1)}-${i}`,
      service: 'postgres' as const,
      zone,
      cellId: `${zone}-cell`,
      ...(i === 0 ? { role: { kind: 'replica' as const, cluster: 'c-mass' } } : i === 10 ? { role: { kind: 'primary' as const, cluster: 'c-mass' } } : {}),
    })));
    return zones.map((zone, i) => `pg-${zone.slice(-1)}-${i}`).slice(0, 6);
  }

  it('pages once for a whole zone going dark, though the zone, its region and the service each open an incident', async () => {
    const h = await harness({ sizesTtlSeconds: 60 });
    await zoneOutage(h);
    const failure = (id: string) => ({ instanceId: id, service: 'postgres' as const, region: 'us-east-1', zone: 'us-east-1a', to: 'uncertain' as const, at: h.clock.read().toISOString() });
    // One after another, as the planner hears of them: the zone's incident opens (and pages) at the fifth.
    for (let i = 0; i < 10; i++) await recordFailure(h.deps, failure(`pg-a-${i}`));
    await runPlannerTick(h.deps);
    const incidents = await h.deps.incidents.list();
    // 10 of 10 in the zone, 10 of 50 in the region and in the service: each scope holds its own replacements.
    expect(incidents.map((i) => i.scope.kind).sort()).toEqual(['region', 'service', 'zone']);
    expect(incidents.every((i) => i.paged)).toBe(true);
    const sent = pages(h, 'incident');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.detail).toMatchObject({ scope: { kind: 'zone', zone: 'us-east-1a' } });
  });

  it("counts an engineer's failing transition even when the engineer is named remediation: only remediation's own kind and name go uncounted", async () => {
    const h = await harness();
    const at = h.clock.read().toISOString();
    const change = (id: string, actor: { kind: string; id: string }) => ({ instanceId: id, service: 'redis' as const, region: 'us-east-1', zone: 'us-east-1b', to: 'unavailable' as const, at, actor });
    await recordFailure(h.deps, change('rd-borrowed-1', { kind: 'engineer', id: 'remediation' }));
    await recordFailure(h.deps, change('rd-own-1', { kind: 'system', id: 'remediation' }));
    const signals = await h.deps.signals.between(new Date(Date.parse(at) - 60_000), h.clock.read());
    expect(signals.map((s) => s.instanceId)).toEqual(['rd-borrowed-1']);
  });

  it('opens one incident and pages once, however often it is seen; holds replacements in its scope until released', async () => {
    const h = await harness({ sizesTtlSeconds: 60 });
    const failing = await zoneOutage(h);
    const changed = (id: string, to: 'uncertain' | 'unavailable') =>
      ({ instanceId: id, service: 'postgres' as const, region: 'us-east-1', zone: 'us-east-1a', to, at: h.clock.read().toISOString() });
    await Promise.all(failing.map((id) => recordFailure(h.deps, changed(id, 'uncertain'))));
    h.clock.advance(30);
    await Promise.all(failing.map((id) => recordFailure(h.deps, changed(id, 'unavailable'))));
    // A restart that did not bring an instance back is remediation's own move, not a new failure.
    await recordFailure(h.deps, { ...changed('pg-a-9', 'unavailable'), actor: { kind: 'system', id: 'remediation' } });
    await runPlannerTick(h.deps);
    await runPlannerTick(h.deps);
    const signals = await h.deps.signals.between(new Date(Date.parse(T0) - 60_000), h.clock.read());
    expect(new Set(signals.map((s) => s.instanceId))).toEqual(new Set(failing));

    const incidents = await h.deps.incidents.list();
    expect(incidents).toEqual([expect.objectContaining({ scope: { kind: 'zone', zone: 'us-east-1a' }, status: 'open', paged: true })]);
    // It opens as soon as the fifth failure crosses the threshold, so concurrent reports may see 5 or 6 of 10.
    const [incident] = incidents;
    const failed = incident?.counts.failed ?? 0;
    expect([5, 6]).toContain(failed);
    expect(incident?.counts.population).toBe(10);
    expect(pages(h, 'incident')).toHaveLength(1);
    expect(pages(h, 'incident')[0]?.detail).toMatchObject({
      incidentId: incident?.id,
      failed,
      population: 10,
      summary: expect.stringContaining(`${failed} of 10 instances in zone us-east-1a turned uncertain or unavailable`),
    });

    h.fleet.lagReplica('pg-a-0');
    const rebuild = await planned(h, 'pg-a-0', 'replication-lag');
    expect(await run(h, rebuild)).toMatchObject({ status: 'held' });
    expect((await task(h, rebuild))?.blocked?.reason).toContain(`held by incident ${incident?.id ?? '?'}`);
    h.fleet.fillDisk('pg-a-7');
    expect(await run(h, await planned(h, 'pg-a-7', 'disk-full'))).toMatchObject({ status: 'succeeded' });
    expect((await runPlannerTick(h.deps)).sent).toBe(0);

    await settleIncident(h.operator, incident?.id ?? '', 'release', engineer, 'the provider confirmed a network partition, now healed');
    expect((await runPlannerTick(h.deps)).sent).toBe(1);
    expect(await run(h, rebuild)).toMatchObject({ status: 'succeeded' });
    expect(h.fleet.actionLog().map((a) => `${a.kind} ${a.instanceId}`)).toEqual(['grow-storage pg-a-7', 'rebuild-replica pg-a-0']);
    expect(pages(h, 'incident')).toHaveLength(1);
  });
});
