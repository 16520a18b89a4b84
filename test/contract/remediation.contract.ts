/** Remediation's stores' contract: tasks and their budget, leases, freezes, incidents, the breaker's samples, escalations, signals. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Placement, StoredTask } from '../../shared/adapters/dynamo/task-item.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { loadPlaybooks, planRemediation } from '../../shared/domain/playbooks/index.ts';
import type { AgendaEntry } from '../../shared/domain/remediation/agenda.ts';
import { LeaseLostError, TaskChangedError } from '../../shared/domain/remediation/errors.ts';
import type { Incident } from '../../shared/domain/safety/incident.ts';
import { anInstance, engineer } from '../support/factories.ts';
import { unique, type ContractStores, type MakeStores } from './stores.ts';

const now = new Date('2026-11-22T10:00:00.000Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();
const playbooks = loadPlaybooks();

function aTask(placement: Placement = { service: 'postgres', zone: 'us-east-1a', region: 'us-east-1' }, createdAt = now): StoredTask {
  const plan = planRemediation({ condition: 'down', instance: anInstance({ id: unique('pg') }), cause: { kind: 'alarm', id: unique('a') } }, createdAt, playbooks);
  if (plan.kind !== 'plan') throw new Error('test setup: no plan for down');
  return { task: plan.task, placement };
}

const agendaOf = (stored: StoredTask, dueAt = at(0)): AgendaEntry => ({ taskId: stored.task.id, instanceId: stored.task.instanceId, reason: 'queued', dueAt });
const bumped = (stored: StoredTask, change: Partial<StoredTask> = {}): StoredTask => ({ ...stored, task: { ...stored.task, version: stored.task.version + 1 }, ...change });

export function describeRemediationContract(name: string, make: MakeStores): void {
  describe(`the remediation stores' contract (${name})`, () => {
    let s: ContractStores;
    beforeAll(async () => {
      s = await make();
    });

    describe('tasks', () => {
      it('creates a task once, with its agenda entry and its listings', async () => {
        const stored = aTask();
        expect(await s.tasks.create(stored, agendaOf(stored))).toBe('created');
        expect(await s.tasks.create(stored, agendaOf(stored, at(99)))).toBe('duplicate');
        expect(await s.tasks.find(stored.task.id)).toEqual(stored);
        expect((await s.tasks.agenda()).find((e) => e.taskId === stored.task.id)).toEqual(agendaOf(stored));
        expect(await s.tasks.instanceTaskIds(stored.task.instanceId)).toEqual([stored.task.id]);
        expect(await s.tasks.recentIds(now)).toContain(stored.task.id);
        expect(await s.tasks.find(unique('task'))).toBeUndefined();
      });

      it("lists an instance's tasks newest first, at most the limit, and finds many by id", async () => {
        const first = aTask();
        const instanceId = first.task.instanceId;
        const second = { ...first, task: { ...first.task, id: unique('task'), createdAt: at(60) } };
        await s.tasks.create(first, agendaOf(first));
        await s.tasks.create(second, agendaOf(second));
        expect(await s.tasks.instanceTaskIds(instanceId)).toEqual([second.task.id, first.task.id]);
        expect(await s.tasks.instanceTaskIds(instanceId, 1)).toEqual([second.task.id]);
        const many = await s.tasks.findMany([first.task.id, unique('task'), first.task.id, second.task.id]);
        expect(many.map((t) => t.task.id).sort()).toEqual([first.task.id, second.task.id].sort());
      });

      it('saves over the version read; a stale save is TaskChangedError and writes nothing', async () => {
        const stored = aTask();
        await s.tasks.create(stored, agendaOf(stored));
        const next = bumped(stored);
        expect(await s.tasks.save({ previous: stored, next, agenda: agendaOf(stored, at(30)) })).toBe('saved');
        await expect(s.tasks.save({ previous: stored, next: bumped(stored, { resolution: 'obsolete' }), agenda: undefined })).rejects.toThrow(TaskChangedError);
        expect(await s.tasks.find(stored.task.id)).toEqual(next);
        expect((await s.tasks.agenda()).find((e) => e.taskId === stored.task.id)?.dueAt).toBe(at(30));
        expect(await s.tasks.save({ previous: next, next: bumped(next), agenda: undefined })).toBe('saved');
        expect((await s.tasks.agenda()).map((e) => e.taskId)).not.toContain(stored.task.id);
        await expect(s.tasks.save({ previous: aTask(), next: bumped(aTask()), agenda: undefined })).rejects.toThrow(TaskChangedError);
      });

      it('saves under a lease only while the run holds it: LeaseLostError otherwise, and nothing written', async () => {
        const stored = aTask();
        const instanceId = stored.task.instanceId;
        await s.tasks.create(stored, agendaOf(stored));
        expect(await s.leases.acquire(instanceId, stored.task.id, 'run-1', now.getTime(), 60_000)).toEqual({ kind: 'acquired' });
        await expect(s.tasks.save({ previous: stored, next: bumped(stored), agenda: undefined, lease: { instanceId, token: 'run-2' } })).rejects.toThrow(LeaseLostError);
        expect(await s.tasks.find(stored.task.id)).toEqual(stored);
        expect(await s.tasks.save({ previous: stored, next: bumped(stored), agenda: undefined, lease: { instanceId, token: 'run-1' } })).toBe('saved');
      });

      it('never lets the budget pass its limit: the save that would is budget-exhausted and writes nothing; a release frees the slot once', async () => {
        const placement: Placement = { service: 'postgres', zone: unique('zone'), region: 'us-east-1' };
        // The budget's service scope is named by the slot: a name of its own keeps this case apart from the others.
        const slot = { service: unique('svc'), zone: placement.zone };
        const limits = { fleet: 1_000_000, service: 5, zone: 1 };
        const [a, b] = [aTask(placement), aTask(placement)];
        await s.tasks.create(a, agendaOf(a));
        await s.tasks.create(b, agendaOf(b));
        const fleetBefore = (await s.tasks.inFlight(slot.service, slot.zone)).fleet;
        const results = await Promise.all([a, b].map((t) => s.tasks.save({ previous: t, next: bumped(t, { budget: slot }), agenda: undefined, limits })));
        expect(results.sort()).toEqual(['budget-exhausted', 'saved']);
        const [winner, loser] = (await s.tasks.find(a.task.id))?.budget ? [a, b] : [b, a];
        expect(await s.tasks.find(loser.task.id)).toEqual(loser);
        const inFlight = await s.tasks.inFlight(slot.service, slot.zone);
        expect(inFlight).toMatchObject({ service: 1, zone: 1 });
        expect(inFlight.fleet - fleetBefore).toBe(1);
        const all = await s.tasks.allInFlight();
        expect([all.service[slot.service], all.zone[slot.zone]]).toEqual([1, 1]);

        const holding = bumped(winner, { budget: slot });
        expect(await s.tasks.save({ previous: holding, next: bumped(holding, { budget: undefined }), agenda: undefined })).toBe('saved');
        expect(await s.tasks.inFlight(slot.service, slot.zone)).toMatchObject({ service: 0, zone: 0 });
        expect(await s.tasks.save({ previous: loser, next: bumped(loser, { budget: slot }), agenda: undefined, limits })).toBe('saved');
      });

      it('writes nothing of a save whose lease was lost, not even its budget counters: one transaction across stores', async () => {
        const placement: Placement = { service: 'postgres', zone: unique('zone'), region: 'us-east-1' };
        const slot = { service: unique('svc'), zone: placement.zone };
        const stored = aTask(placement);
        const instanceId = stored.task.instanceId;
        await s.tasks.create(stored, agendaOf(stored));
        await s.leases.acquire(instanceId, stored.task.id, 'run-1', now.getTime(), 60_000);
        const request = { previous: stored, next: bumped(stored, { budget: slot }), agenda: undefined, limits: { fleet: 1_000_000, service: 5, zone: 5 } };
        await expect(s.tasks.save({ ...request, lease: { instanceId, token: 'run-0' } })).rejects.toThrow(LeaseLostError);
        expect(await s.tasks.inFlight(slot.service, slot.zone)).toMatchObject({ service: 0, zone: 0 });
        expect((await s.tasks.agenda()).map((e) => e.taskId)).toContain(stored.task.id);
        expect(await s.tasks.save({ ...request, lease: { instanceId, token: 'run-1' } })).toBe('saved');
        expect(await s.tasks.inFlight(slot.service, slot.zone)).toMatchObject({ service: 1, zone: 1 });
      });

      it('refuses to take a budget slot without limits', async () => {
        const stored = aTask();
        await s.tasks.create(stored, agendaOf(stored));
        await expect(s.tasks.save({ previous: stored, next: bumped(stored, { budget: { service: 'postgres', zone: 'z' } }), agenda: undefined })).rejects.toThrow(ValidationError);
        expect(await s.tasks.find(stored.task.id)).toEqual(stored);
      });

      it('keeps a dry-run note until it is forgotten, and marks only agenda entries that exist as sent', async () => {
        const stored = aTask();
        await s.tasks.create(stored, agendaOf(stored));
        const note = { taskId: stored.task.id, instanceId: stored.task.instanceId, condition: 'down', playbook: stored.task.playbook, raisedAt: at(0), endedAt: at(60) };
        await s.tasks.save({ previous: stored, next: bumped(stored), agenda: agendaOf(stored), dryRunEnded: note });
        expect((await s.tasks.dryRunEnded()).find((n) => n.taskId === stored.task.id)).toEqual(note);
        await s.tasks.forgetDryRunEnded(stored.task.id);
        expect((await s.tasks.dryRunEnded()).map((n) => n.taskId)).not.toContain(stored.task.id);
        const ghost = unique('task');
        await s.tasks.markSent([stored.task.id, ghost], at(5));
        const agenda = await s.tasks.agenda();
        expect(agenda.find((e) => e.taskId === stored.task.id)?.sentAt).toBe(at(5));
        expect(agenda.map((e) => e.taskId)).not.toContain(ghost);
      });
    });

    describe('leases', () => {
      it('lets one task own an instance, one run at a time, until the run or the ownership lapses', async () => {
        const instance = unique('pg');
        const t0 = now.getTime();
        expect(await s.leases.acquire(instance, 'task-a', 'run-1', t0, 1000)).toEqual({ kind: 'acquired' });
        expect(await s.leases.acquire(instance, 'task-a', 'run-2', t0 + 10, 1000)).toEqual({ kind: 'running', until: t0 + 1000 });
        expect(await s.leases.acquire(instance, 'task-b', 'run-3', t0 + 10, 1000)).toEqual({ kind: 'owned', owner: 'task-a', until: t0 + 1000 });
        expect(await s.leases.acquire(instance, 'task-a', 'run-2', t0 + 1001, 1000)).toEqual({ kind: 'acquired' });

        await s.leases.release(instance, 'run-1', t0 + 5000);
        expect(await s.leases.acquire(instance, 'task-a', 'run-4', t0 + 1500, 1000)).toEqual({ kind: 'running', until: t0 + 2001 });
        await s.leases.release(instance, 'run-2', t0 + 5000);
        expect(await s.leases.acquire(instance, 'task-b', 'run-5', t0 + 2100, 1000)).toEqual({ kind: 'owned', owner: 'task-a', until: t0 + 5000 });
        expect(await s.leases.acquire(instance, 'task-a', 'run-6', t0 + 2100, 1000)).toEqual({ kind: 'acquired' });
        await s.leases.release(instance, 'run-6');
        expect(await s.leases.acquire(instance, 'task-b', 'run-7', t0 + 2200, 1000)).toEqual({ kind: 'acquired' });
        expect(await s.leases.acquire(instance, 'task-c', 'run-8', t0 + 3201, 1000)).toEqual({ kind: 'acquired' });
      });
    });

    describe('freezes', () => {
      const freeze = (id: string, createdAt: string) => ({
        id, scope: { kind: 'service' as const, service: 'postgres' as const }, actor: engineer, reason: 'change window', createdAt, expiresAt: at(3600),
      });

      it('keeps a freeze id once, lifts it once while in force, and lists every freeze newest first', async () => {
        const [older, newer] = [freeze(unique('fz'), at(0)), freeze(unique('fz'), at(10))];
        await s.freezes.put(older);
        await s.freezes.put(newer);
        await expect(s.freezes.put(older)).rejects.toThrow(ValidationError);
        const lifted = await s.freezes.lift(older.id, engineer, 'done early', at(60));
        expect(lifted).toEqual({ ...older, liftedAt: at(60), liftedBy: engineer, liftReason: 'done early', expiresAt: at(60) });
        await expect(s.freezes.lift(older.id, engineer, 'again', at(61))).rejects.toThrow(ValidationError);
        await expect(s.freezes.lift(newer.id, engineer, 'too late', at(3600))).rejects.toThrow(ValidationError);
        await expect(s.freezes.lift(unique('fz'), engineer, 'none', at(0))).rejects.toThrow(ValidationError);
        const listed = (await s.freezes.list()).filter((f) => f.id === older.id || f.id === newer.id);
        expect(listed.map((f) => f.id)).toEqual([newer.id, older.id]);
        expect(listed[1]).toEqual(lifted);
      });
    });

    describe('incidents', () => {
      const incident = (zone: string, id = unique('incident'), openedAt = at(0)): Incident => ({
        id, scope: { kind: 'zone', zone }, openedAt, windowStart: openedAt, counts: { failed: 10, population: 20 }, status: 'open',
      });

      it('opens one incident per scope, pages it once, and frees the scope when it is resolved', async () => {
        const zone = unique('zone');
        const first = incident(zone);
        expect(await s.incidents.open(first)).toBe('opened');
        expect(await s.incidents.open(first)).toBe('exists');
        expect(await s.incidents.open(incident(zone))).toBe('exists');

        expect(await s.incidents.claimPage(first.id, at(1), at(0))).toBe(true);
        expect(await s.incidents.claimPage(first.id, at(2), at(0))).toBe(false);
        expect(await s.incidents.claimPage(first.id, at(400), at(300))).toBe(true);
        await s.incidents.markPaged(first.id);
        expect(await s.incidents.claimPage(first.id, at(900), at(800))).toBe(false);
        expect((await s.incidents.list()).find((i) => i.id === first.id)).toMatchObject({ paged: true, pagingAt: at(400) });

        await s.incidents.save({ ...first, status: 'resolved', resolvedAt: at(1000) });
        const second = incident(zone, unique('incident'), at(2000));
        expect(await s.incidents.open(second)).toBe('opened');
        const listed = (await s.incidents.list()).filter((i) => i.id === first.id || i.id === second.id);
        expect(listed.map((i) => [i.id, i.status])).toEqual([[second.id, 'open'], [first.id, 'resolved']]);
      });

      it('opens one of two incidents detected at once for the same scope', async () => {
        const zone = unique('zone');
        const outcomes = await Promise.all([s.incidents.open(incident(zone)), s.incidents.open(incident(zone))]);
        expect(outcomes.sort()).toEqual(['exists', 'opened']);
        expect((await s.incidents.list()).filter((i) => i.scope.kind === 'zone' && i.scope.zone === zone)).toHaveLength(1);
      });

      it('records the resolution of an incident whose scope another holds, and names an unknown incident', async () => {
        const zone = unique('zone');
        const holder = incident(zone);
        await s.incidents.open(holder);
        const other = { ...incident(zone), status: 'resolved' as const, resolvedAt: at(5) };
        await expect(s.incidents.save(other)).rejects.toThrow(ValidationError);
        await expect(s.incidents.markPaged(unique('incident'))).rejects.toThrow(ValidationError);
        await s.incidents.save({ ...holder, status: 'released', releasedBy: engineer, releasedAt: at(3) });
        expect(await s.incidents.open(incident(zone))).toBe('exists');
        expect((await s.incidents.list()).find((i) => i.id === holder.id)).toMatchObject({ status: 'released', paged: true });
      });
    });

    describe("the breaker's samples, pages, escalations and failure signals", () => {
      it('records samples once per ref and reads those from a time on, oldest first', async () => {
        const playbook = unique('pb');
        await s.outcomes.record(playbook, [{ at: at(0), ok: true, ref: 'a' }, { at: at(10), ok: false, ref: 'b' }]);
        await s.outcomes.record(playbook, [{ at: at(10), ok: false, ref: 'b' }, { at: at(20), ok: true, ref: 'c' }]);
        await s.outcomes.record(playbook, []);
        expect(await s.outcomes.since(playbook, at(5))).toEqual([{ at: at(10), ok: false }, { at: at(20), ok: true }]);
        // The sort key is `<at>#<ref>`, so a sample at exactly `since` is read too.
        expect(await s.outcomes.since(playbook, at(0))).toHaveLength(3);
        const page = unique('page');
        expect(await s.outcomes.pageSent(page)).toBe(false);
        await s.outcomes.markPageSent(page, at(0));
        expect(await s.outcomes.pageSent(page)).toBe(true);
      });

      it('saves an escalation only over the one read', async () => {
        const instanceId = unique('pg');
        const first = { instanceId, taskId: 't1', openedAt: at(0), covers: { down: at(0) }, folded: [] };
        expect(await s.escalations.get(instanceId)).toBeUndefined();
        expect(await s.escalations.save(first, undefined)).toBe('saved');
        expect(await s.escalations.save({ ...first, taskId: 't2' }, undefined)).toBe('changed');
        const folded = { ...first, folded: ['t2'], covers: { down: at(0), 'disk-full': at(5) } };
        expect(await s.escalations.save(folded, first)).toBe('saved');
        expect(await s.escalations.save({ ...first, folded: ['t3'] }, { ...first, taskId: 'other' })).toBe('changed');
        expect(await s.escalations.get(instanceId)).toEqual(folded);
      });

      it('counts an instance failing twice in a minute once, and reads whole minutes inclusive', async () => {
        const id = unique('pg');
        const signal = (t: string) => ({ instanceId: id, service: 'postgres', zone: 'us-east-1a', region: 'us-east-1', at: t });
        await s.signals.put(signal('2026-11-22T09:58:10.000Z'));
        await s.signals.put(signal('2026-11-22T09:59:05.000Z'));
        await s.signals.put(signal('2026-11-22T09:59:50.000Z'));
        await s.signals.put(signal('2026-11-22T10:01:00.000Z'));
        const mine = (list: { instanceId: string; at: string }[]) => list.filter((x) => x.instanceId === id).map((x) => x.at);
        expect(mine(await s.signals.between(new Date('2026-11-22T09:59:30.000Z'), new Date('2026-11-22T10:00:59.000Z')))).toEqual(['2026-11-22T09:59:50.000Z']);
        expect(mine(await s.signals.between(new Date('2026-11-22T09:58:59.000Z'), new Date('2026-11-22T10:01:00.000Z'))).sort())
          .toEqual(['2026-11-22T09:58:10.000Z', '2026-11-22T09:59:50.000Z', '2026-11-22T10:01:00.000Z']);
      });
    });
  });
}
