/** Liveness's contract: cell reports, membership, silence, heartbeats, observations, and detection's own record. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HeldScope } from '../../shared/domain/observer/hold.ts';
import type { Instance } from '../../shared/domain/instance.ts';
import type { NewInstance } from '../../shared/domain/lifecycle.ts';
import { registeredIn, unique, type ContractStores, type MakeStores } from './stores.ts';

const now = new Date('2026-11-22T10:00:00.000Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

export function describeLivenessContract(name: string, make: MakeStores): void {
  describe(`the liveness contract (${name})`, () => {
    let s: ContractStores;
    beforeAll(async () => {
      s = await make();
    });

    const registered = (overrides: Partial<NewInstance> = {}): Promise<Instance> => registeredIn(s, now, overrides);

    it('records cell reports in order: answers the cell as it was, and ignores an older report', async () => {
      const cell = unique('cell');
      expect(await s.liveness.recordCellReport(cell, at(0))).toEqual({ cellId: cell, attention: [], services: [] });
      expect(await s.liveness.recordCellReport(cell, at(30))).toMatchObject({ cellId: cell, lastSeenAt: at(0) });
      expect(await s.liveness.recordCellReport(cell, at(10))).toBeUndefined();
      expect(await s.liveness.recordCellReport(cell, at(30))).toMatchObject({ lastSeenAt: at(30) });
      expect(await s.liveness.cell(cell)).toMatchObject({ lastSeenAt: at(30) });
      expect(await s.liveness.cell(unique('cell'))).toBeUndefined();
    });

    it('reads a batch of cell records at once, leaving out the cells never recorded', async () => {
      const [a, b] = [unique('cell'), unique('cell')];
      await s.liveness.recordCellReport(a, at(0));
      await s.liveness.recordCellReport(b, at(5));
      const found = await s.liveness.cellsById([a, b, a, unique('cell')]);
      expect([...found.keys()].sort()).toEqual([a, b].sort());
      expect(found.get(b)).toMatchObject({ cellId: b, lastSeenAt: at(5) });
    });

    it("pages steady reports: the latest per cell in a window (its last minute whole) and before a time", async () => {
      const [a, b] = [unique('cell'), unique('cell')];
      const page = (id: string, writtenAt: string, cells: Record<string, string>) =>
        s.liveness.writePage({ id, writtenAt, cells, expiresAt: Math.floor(Date.parse(writtenAt) / 1000) + 600 });
      await page(unique('page'), at(3600), { [a]: at(3590), [b]: at(3595) });
      await page(unique('page'), at(3630), { [a]: at(3625) });
      await page(unique('page'), at(3650), { [a]: at(3648) });
      await page(unique('page'), at(3690), { [a]: at(3688) });
      const window = await s.liveness.pagedSince(new Date(at(3600)), new Date(at(3630)));
      // The page of 11:00:50 is after the window but in its last minute, which is read whole; 11:01:30's is not.
      expect([window.get(a), window.get(b)]).toEqual([at(3648), at(3595)]);
      expect(await s.liveness.pagedSince(new Date(at(3601)), new Date(at(3601)))).not.toContain(b);
      expect(await s.liveness.lastPagedReport(a, new Date(at(3600)), new Date(at(3700)))).toBe(at(3688));
      expect(await s.liveness.lastPagedReport(a, new Date(at(3600)), new Date(at(3700)), at(3688))).toBe(at(3648));
      expect(await s.liveness.lastPagedReport(a, new Date(at(3600)), new Date(at(3700)), at(3648))).toBe(at(3625));
      expect(await s.liveness.lastPagedReport(unique('cell'), new Date(at(3600)), new Date(at(3700)))).toBeUndefined();
    });

    it("carries a paged time into the cell's record only forwards, and never creates a cell", async () => {
      const cell = unique('cell');
      await s.liveness.recordCellReport(cell, at(30));
      await s.liveness.carryLastSeen(cell, at(20));
      expect(await s.liveness.cell(cell)).toMatchObject({ lastSeenAt: at(30) });
      await s.liveness.carryLastSeen(cell, at(60));
      expect(await s.liveness.cell(cell)).toMatchObject({ lastSeenAt: at(60) });
      const absent = unique('cell');
      await s.liveness.carryLastSeen(absent, at(60));
      expect(await s.liveness.cell(absent)).toBeUndefined();
    });

    it('expects a member: the cell learns its zone and services, forgets its digest and keeps its last report', async () => {
      const cell = unique('cell');
      await s.liveness.recordCellReport(cell, at(0));
      await s.liveness.updateCell(cell, { digest: 'abc', metricsAt: at(5) });
      await s.liveness.expectMember(cell, at(60), { zone: 'us-east-1b', service: 'redis' });
      await s.liveness.expectMember(cell, at(61), { zone: 'us-east-1b', service: 'kafka' });
      const read = await s.liveness.cell(cell);
      expect(read).toMatchObject({ cellId: cell, zone: 'us-east-1b', lastSeenAt: at(0), metricsAt: at(5) });
      expect(read?.digest).toBeUndefined();
      expect(read?.services.sort()).toEqual(['kafka', 'redis']);
      const fresh = unique('cell');
      await s.liveness.expectMember(fresh, at(60), { zone: 'us-east-1c', service: 'postgres' });
      expect(await s.liveness.cell(fresh)).toMatchObject({ lastSeenAt: at(60), services: ['postgres'] });
      expect((await s.liveness.cells()).map((c) => c.cellId)).toEqual(expect.arrayContaining([cell, fresh]));
    });

    it("adds to and removes from a cell's attention set; removing the last leaves it empty", async () => {
      const cell = unique('cell');
      await s.liveness.recordCellReport(cell, at(0));
      await s.liveness.updateCell(cell, { addAttention: ['a', 'b'] });
      await s.liveness.updateCell(cell, { addAttention: ['b', 'c'], removeAttention: [] });
      expect((await s.liveness.cell(cell))?.attention.sort()).toEqual(['a', 'b', 'c']);
      await s.liveness.updateCell(cell, { removeAttention: ['a', 'b', 'c'] });
      expect((await s.liveness.cell(cell))?.attention).toEqual([]);
      await s.liveness.updateCell(cell, {});
      expect(await s.liveness.cell(cell)).toMatchObject({ cellId: cell, lastSeenAt: at(0) });
    });

    it("lists a cell's members by id, with state, version and silence", async () => {
      const cellId = unique('cell');
      const members = [await registered({ cellId }), await registered({ cellId, service: 'redis' })];
      await s.liveness.markSilent(members[1]?.id ?? '', at(0));
      const listed = await s.liveness.members(cellId);
      expect(listed.map((m) => m.id)).toEqual(members.map((m) => m.id).sort());
      expect(listed.find((m) => m.id === members[1]?.id)).toEqual({ id: members[1]?.id, state: 'installing', version: 1, cellId, service: 'redis', silentSince: at(0) });
    });

    it('marks silence once, finds it through the sparse index up to a time, and clears it', async () => {
      const [a, b] = [await registered(), await registered()];
      expect(await s.liveness.markSilent(a.id, at(0))).toBe(true);
      expect(await s.liveness.markSilent(a.id, at(5))).toBe(false);
      expect(await s.liveness.markSilent(b.id, at(100))).toBe(true);
      expect(await s.liveness.markSilent(unique('ghost'), at(0))).toBe(false);
      const silent = (before: string) => s.liveness.silentSince(before).then((m) => m.filter((x) => x.id === a.id || x.id === b.id));
      expect(await silent(at(50))).toEqual([{ id: a.id, state: 'installing', version: 1, cellId: a.cellId, service: 'postgres', silentSince: at(0) }]);
      expect((await silent(at(100))).map((m) => m.id).sort()).toEqual([a.id, b.id].sort());
      await s.liveness.clearSilent(a.id);
      await s.liveness.clearSilent(unique('ghost'));
      expect((await silent(at(100))).map((m) => m.id)).toEqual([b.id]);
      expect((await s.store.get(a.id)).silentSince).toBeUndefined();
    });

    it('records a single heartbeat only when newer, clearing silence; an unknown instance answers undefined', async () => {
      const instance = await registered();
      await s.liveness.markSilent(instance.id, at(0));
      expect(await s.liveness.recordInstanceHeartbeat(instance.id, at(10))).toBe('installing');
      expect(await s.liveness.recordInstanceHeartbeat(instance.id, at(5))).toBe('installing');
      expect(await s.store.get(instance.id)).toMatchObject({ lastHeartbeatAt: at(10) });
      expect((await s.store.get(instance.id)).silentSince).toBeUndefined();
      expect(await s.liveness.recordInstanceHeartbeat(unique('ghost'), at(10))).toBeUndefined();
    });

    it('records observations: metrics replaced whole, facts merged field by field; an unknown instance is skipped', async () => {
      const instance = await registered();
      await s.liveness.recordObservation(instance.id, { metrics: { at: at(0), cpuPct: 10, diskPct: 50 }, facts: { backup: { lastSuccessAt: at(0) } } });
      await s.liveness.recordObservation(instance.id, { metrics: { at: at(60), cpuPct: 20 }, facts: { backup: { lastRestoreTestAt: at(30) }, tls: { enforced: true } } });
      await s.liveness.recordObservation(instance.id, { facts: { backup: { lastSuccessAt: at(90), lastRestoreTestAt: undefined } } });
      await s.liveness.recordObservation(instance.id, { facts: {} });
      const read = await s.store.get(instance.id);
      expect(read.metrics).toEqual({ at: at(60), cpuPct: 20 });
      expect(read.backup).toEqual({ lastSuccessAt: at(90), lastRestoreTestAt: at(30) });
      expect(read.tls).toEqual({ enforced: true });
      expect(read.version).toBe(1);
      const ghost = unique('ghost');
      await s.liveness.recordObservation(ghost, { facts: { backup: { lastSuccessAt: at(0) } } });
      expect(await s.store.find(ghost)).toBeUndefined();
    });

    describe("detection's own record", () => {
      let o: ContractStores['observer'];
      beforeAll(async () => {
        o = (await make()).observer;
      });

      it('advances the intake mark only forwards, and records a jump longer than the gap as an intake gap', async () => {
        expect(await o.read()).toEqual({ scopes: [], version: 0 });
        expect(await o.advanceIntake({ frontier: at(0), processedAt: at(1) }, 60)).toBeUndefined();
        expect(await o.advanceIntake({ frontier: at(30), processedAt: at(31) }, 60)).toBeUndefined();
        expect(await o.advanceIntake({ frontier: at(10), processedAt: at(40) }, 60)).toBeUndefined();
        expect((await o.read()).intake).toEqual({ frontier: at(30), processedAt: at(31) });
        const gap = { kind: 'intake', startedAt: at(30), endedAt: at(300) };
        expect(await o.advanceIntake({ frontier: at(300), processedAt: at(301) }, 60)).toEqual(gap);
        expect((await o.read()).gap).toEqual(gap);
        await o.recordGap({ kind: 'sweeper', startedAt: at(0), endedAt: at(200) });
        expect((await o.read()).gap).toEqual(gap);
        await o.recordGap({ kind: 'sweeper', startedAt: at(300), endedAt: at(400) });
        expect((await o.read()).gap).toEqual({ kind: 'sweeper', startedAt: at(300), endedAt: at(400) });
      });

      it('saves the sweep only over the version read, announces a hold once, and releases a held scope', async () => {
        const scope: HeldScope = { service: 'redis', quietCells: 3, cells: 4, zones: 1, since: at(0) };
        const hold = { since: at(0), reasons: ['implausible' as const] };
        expect(await o.saveDetection({ hold, scopes: [scope] }, at(0), 1)).toBe(false);
        expect(await o.saveDetection({ hold, scopes: [scope] }, at(0), 0)).toBe(true);
        expect(await o.saveDetection({ scopes: [] }, at(5), 0)).toBe(false);
        expect(await o.read()).toMatchObject({ version: 1, lastSweepAt: at(0), hold, scopes: [scope] });
        await o.markAnnounced(at(99), at(10));
        expect((await o.read()).hold?.announcedAt).toBeUndefined();
        await o.markAnnounced(at(0), at(10));
        expect((await o.read()).hold?.announcedAt).toBe(at(10));
        expect(await o.releaseScope('kafka', 'alice', at(20))).toBe(false);
        expect(await o.releaseScope('redis', 'alice', at(20))).toBe(true);
        expect((await o.read()).scopes).toEqual([{ ...scope, releasedAt: at(20), releasedBy: 'alice' }]);
        expect(await o.releaseScope('redis', 'alice', at(30))).toBe(false);
        expect(await o.saveDetection({ scopes: [] }, at(60), 1)).toBe(true);
        const after = await o.read();
        expect(after).toMatchObject({ version: 2, lastSweepAt: at(60), scopes: [] });
        expect(after.hold).toBeUndefined();
        expect(after.intake).toEqual({ frontier: at(300), processedAt: at(301) });
      });
    });
  });
}
