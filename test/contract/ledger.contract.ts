/** The lifecycle ledger's contract: instance records, transitions, conditions and the read models over them. */
import { beforeAll, describe, expect, it } from 'vitest';
import { InstanceAlreadyExistsError, InstanceNotFoundError, StaleVersionError } from '../../shared/domain/errors.ts';
import type { Instance, LifecycleState } from '../../shared/domain/instance.ts';
import { register, transition, type NewInstance } from '../../shared/domain/lifecycle.ts';
import { aCause, anInstanceSpec, system } from '../support/factories.ts';
import { registeredIn, unique, type ContractStores, type MakeStores } from './stores.ts';

const now = new Date('2026-11-22T10:00:00.000Z');

export function describeLedgerContract(name: string, make: MakeStores): void {
  describe(`the ledger contract (${name})`, () => {
    let s: ContractStores;
    beforeAll(async () => {
      s = await make();
    });

    const registered = (overrides: Partial<NewInstance> = {}): Promise<Instance> => registeredIn(s, now, overrides);

    async function moved(instance: Instance, to: LifecycleState): Promise<Instance> {
      await s.store.applyTransition(instance, transition(instance, to, { actor: system, reason: `to ${to}`, cause: aCause() }, now));
      return s.store.get(instance.id);
    }

    it('registers an instance at version 1 with an empty conditions map and its first history entry', async () => {
      const instance = await registered();
      expect(instance).toMatchObject({ state: 'installing', version: 1, conditions: {} });
      expect(await s.store.find(instance.id)).toEqual(instance);
      expect((await s.store.history(instance.id)).map((e) => [e.from, e.to, e.version])).toEqual([[null, 'installing', 1]]);
    });

    it('refuses a second registration of an id, and reads a redelivered registration as a duplicate', async () => {
      const spec = anInstanceSpec();
      const cause = aCause('fleet');
      const first = register(spec, { actor: system, reason: 'created', cause }, now);
      expect(await s.store.register(first)).toBe('applied');
      expect(await s.store.register(first)).toBe('duplicate');
      const other = register(spec, { actor: system, reason: 'created', cause: aCause('fleet') }, now);
      await expect(s.store.register(other)).rejects.toThrow(InstanceAlreadyExistsError);
      expect(await s.store.history(spec.id)).toHaveLength(1);
    });

    it('writes a transition, its history entry and both counters together, history newest first', async () => {
      const before = await s.queries.counts();
      const instance = await moved(await registered({ service: 'redis' }), 'available');
      expect(instance).toMatchObject({ state: 'available', version: 2 });
      expect((await s.store.history(instance.id)).map((e) => [e.from, e.to, e.version])).toEqual([
        ['installing', 'available', 2],
        [null, 'installing', 1],
      ]);
      expect(await s.store.historyEntry(instance.id, 2)).toMatchObject({ from: 'installing', to: 'available', version: 2, actor: system });
      expect(await s.store.historyEntry(instance.id, 3)).toBeUndefined();
      const after = await s.queries.counts();
      expect(after.total - before.total).toBe(1);
      expect((after.byService.redis?.available ?? 0) - (before.byService.redis?.available ?? 0)).toBe(1);
      expect((after.byState.installing ?? 0) - (before.byState.installing ?? 0)).toBe(0);
    });

    it('lets one of two writers from the same read win; the loser gets StaleVersionError naming both versions and writes nothing', async () => {
      const read = await moved(await registered(), 'available');
      const a = transition(read, 'uncertain', { actor: system, reason: 'a', cause: aCause() }, now);
      const b = transition(read, 'restart', { actor: system, reason: 'b', cause: aCause() }, now);
      expect(await s.store.applyTransition(read, a)).toBe('applied');
      const lost = await s.store.applyTransition(read, b).catch((error: unknown) => error);
      expect(lost).toBeInstanceOf(StaleVersionError);
      expect(lost).toMatchObject({ instanceId: read.id, expectedVersion: 2, actualVersion: 3 });
      expect(await s.store.get(read.id)).toMatchObject({ state: 'uncertain', version: 3 });
      expect(await s.store.history(read.id)).toHaveLength(3);
    });

    it('lets exactly one of many concurrent writers win', async () => {
      const read = await moved(await registered(), 'available');
      const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) =>
        s.store.applyTransition(read, transition(read, i % 2 ? 'uncertain' : 'restart', { actor: system, reason: `w${i}`, cause: aCause() }, now))));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StaleVersionError);
      expect((await s.store.get(read.id)).version).toBe(3);
    });

    it('reads a redelivered cause as a duplicate, and loadForChange says which version recorded it', async () => {
      const read = await moved(await registered(), 'available');
      const cause = aCause('alarm');
      const change = transition(read, 'unavailable', { actor: system, reason: 'down', cause }, now);
      expect(await s.store.applyTransition(read, change)).toBe('applied');
      const again = await s.store.get(read.id);
      expect(await s.store.applyTransition(again, transition(again, 'restart', { actor: system, reason: 'down', cause }, now))).toBe('duplicate');
      expect(await s.store.loadForChange(read.id, `${cause.kind}:${cause.id}`)).toMatchObject({ instance: { version: 3 }, recordedVersion: 3 });
      expect((await s.store.loadForChange(read.id, 'alarm:never')).recordedVersion).toBeUndefined();
    });

    it('names an unknown instance: get, loadForChange and a transition throw InstanceNotFoundError, find answers undefined', async () => {
      const ghost = { ...anInstanceSpec(), state: 'available', version: 2, stateSince: now.toISOString(), createdAt: now.toISOString() } as Instance;
      expect(await s.store.find(ghost.id)).toBeUndefined();
      await expect(s.store.get(ghost.id)).rejects.toThrow(InstanceNotFoundError);
      await expect(s.store.loadForChange(ghost.id, 'x:y')).rejects.toThrow(InstanceNotFoundError);
      await expect(s.store.applyTransition(ghost, transition(ghost, 'uncertain', { actor: system, reason: 'x', cause: aCause() }, now)))
        .rejects.toThrow(InstanceNotFoundError);
      expect(await s.store.find(ghost.id)).toBeUndefined();
    });

    it('keeps history newest first and honours its limit', async () => {
      let instance = await moved(await registered(), 'available');
      instance = await moved(instance, 'restart');
      instance = await moved(instance, 'available');
      expect((await s.store.history(instance.id, 2)).map((e) => e.version)).toEqual([4, 3]);
    });

    it('clears silence when a silent instance becomes available, and takes a retired one out of the image inventory', async () => {
      const image = { name: unique('img'), version: '1.0' };
      let instance = await moved(await registered({ image }), 'available');
      expect(await s.liveness.markSilent(instance.id, now.toISOString())).toBe(true);
      instance = await moved(await s.store.get(instance.id), 'uncertain');
      expect(instance.silentSince).toBe(now.toISOString());
      instance = await moved(instance, 'available');
      expect(instance.silentSince).toBeUndefined();
      expect((await s.liveness.silentSince(now.toISOString())).map((m) => m.id)).not.toContain(instance.id);

      const row = async () => (await s.queries.inventory()).find((r) => r.image === `${image.name}:${image.version}`);
      expect(await row()).toMatchObject({ count: 1, service: 'postgres', zone: 'us-east-1a' });
      instance = await moved(instance, 'retiring');
      await moved(instance, 'retired');
      expect(await row()).toBeUndefined();
    });

    it('hands out copies: changing what was read or written changes nothing stored', async () => {
      const spec = anInstanceSpec();
      const registration = register(spec, { actor: system, reason: 'created', cause: aCause('fleet') }, now);
      await s.store.register(registration);
      registration.instance.image.version = 'changed-after-write';
      const read = await s.store.get(spec.id);
      read.role.kind = 'primary';
      (read.conditions as Record<string, unknown>).x = { raisedAt: 'x', source: 'x' };
      expect(await s.store.get(spec.id)).toMatchObject({ image: { name: 'postgres-16', version: '16.4.1' }, role: { kind: 'standalone' }, conditions: {} });
    });

    describe('conditions', () => {
      const record = { raisedAt: now.toISOString(), source: 'alarm-a', evidence: 'cpu 100%' };

      it('raises a condition once, without moving the version; a second raise answers the first record', async () => {
        const instance = await registered();
        expect(await s.conditions.raise(instance.id, 'down', record)).toEqual({ outcome: 'raised', record });
        expect(await s.conditions.raise(instance.id, 'down', { raisedAt: 'later', source: 'alarm-b' })).toEqual({ outcome: 'already-raised', record });
        expect(await s.store.get(instance.id)).toMatchObject({ version: 1, conditions: { down: record } });
      });

      it('refuses to raise a condition on an unknown instance', async () => {
        await expect(s.conditions.raise(unique('ghost'), 'down', record)).rejects.toThrow(InstanceNotFoundError);
      });

      it('clears a condition once, and only from the source that raised it when asked to', async () => {
        const instance = await registered();
        await s.conditions.raise(instance.id, 'down', record);
        expect(await s.conditions.clear(instance.id, 'down', 'alarm-b')).toEqual({ outcome: 'not-raised' });
        expect(await s.conditions.clear(instance.id, 'down', 'alarm-a')).toEqual({ outcome: 'cleared', record });
        expect(await s.conditions.clear(instance.id, 'down')).toEqual({ outcome: 'not-raised' });
        expect(await s.conditions.clear(unique('ghost'), 'down')).toEqual({ outcome: 'not-raised' });
        expect((await s.store.get(instance.id)).conditions).toEqual({});
      });
    });

    describe('read models', () => {
      it('lists instances by state and service, sorted by id, at most the limit', async () => {
        const mine = [await registered({ service: 'kafka' }), await registered({ service: 'kafka' })];
        const listed = await s.queries.list({ state: 'installing', service: 'kafka', limit: 1000 });
        expect(listed.every((i) => i.state === 'installing' && i.service === 'kafka')).toBe(true);
        expect(listed.map((i) => i.id)).toEqual([...listed.map((i) => i.id)].sort((a, b) => a.localeCompare(b)));
        for (const instance of mine) expect(listed.map((i) => i.id)).toContain(instance.id);
        expect(await s.queries.list({ state: 'installing', limit: 1 })).toHaveLength(1);
      });

      it("lists a cluster's members through its index, by id", async () => {
        const cluster = unique('cluster');
        const members = [
          await registered({ role: { kind: 'replica', cluster } }),
          await registered({ role: { kind: 'primary', cluster } }),
        ];
        await registered({ role: { kind: 'standalone' } });
        expect((await s.clusters.members(cluster)).map((i) => i.id)).toEqual(members.map((i) => i.id).sort());
        expect(await s.clusters.members(unique('cluster'))).toEqual([]);
      });
    });
  });
}
