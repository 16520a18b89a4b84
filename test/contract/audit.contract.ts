/** The audit's, advisories', alarm intake's and the operator log's stores: their contract. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AlarmStateChange } from '../../shared/domain/alarms/index.ts';
import { AuditRunNotFoundError } from '../../shared/domain/audit-runs/errors.ts';
import type { AuditRun, ShardResult } from '../../shared/domain/audit-runs/run.ts';
import type { RollState } from '../../shared/domain/audit-runs/roll-progress.ts';
import type { Finding } from '../../shared/domain/audits/finding.ts';
import { DependencyRejectedError } from '../../shared/domain/errors.ts';
import type { Instance } from '../../shared/domain/instance.ts';
import type { NewInstance } from '../../shared/domain/lifecycle.ts';
import type { RunSummary } from '../../shared/domain/compliance/types.ts';
import { registeredIn, unique, type ContractStores, type MakeStores } from './stores.ts';

const now = new Date('2026-11-22T10:00:00.000Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();
const summary = { instancesAudited: 2, findings: 1 } as unknown as RunSummary;

export function describeAuditContract(name: string, make: MakeStores): void {
  describe(`the audit stores' contract (${name})`, () => {
    let s: ContractStores;
    beforeAll(async () => {
      s = await make();
    });

    const registered = (overrides: Partial<NewInstance> = {}): Promise<Instance> => registeredIn(s, now, overrides);

    describe('audit runs', () => {
      const run = (runId: string, startedAt = at(0)): AuditRun => ({
        runId, status: 'running', trigger: 'engineer', requestedBy: 'alice', startedAt, totalSegments: 2, completedShards: 0,
      });
      const shard = (runId: string, segment: number): ShardResult => ({
        runId, segment, audited: { postgres: 1 }, summary, recordedAt: at(5), scanned: 1, conditionsRaised: 0, leftToRolls: 0,
      });
      const done = { summary, totals: { scanned: 2, conditionsRaised: 0, leftToRolls: 0 }, finishedAt: at(9) };

      it('records a run once, counts each shard once, completes it once, and finds the latest and previous completed runs', async () => {
        const [first, second, third] = ['run-20261122-100000-aaaaaa', 'run-20261122-110000-bbbbbb', 'run-20261122-120000-cccccc'];
        expect(await s.runs.latest()).toBeUndefined();
        expect(await s.runs.create(run(first))).toBe('created');
        expect(await s.runs.create(run(first))).toBe('exists');
        expect(await s.runs.get(first)).toEqual(run(first));
        expect(await s.runs.recordShard(shard(first, 0), at(0))).toBe('recorded');
        expect(await s.runs.recordShard(shard(first, 0), at(0))).toBe('duplicate');
        expect(await s.runs.shardDone(first, 0)).toBe(true);
        expect(await s.runs.shardDone(first, 1)).toBe(false);
        const racing = await Promise.all([s.runs.recordShard(shard(first, 1), at(0)), s.runs.recordShard(shard(first, 1), at(0))]);
        expect(racing.sort()).toEqual(['duplicate', 'recorded']);
        expect((await s.runs.get(first))?.completedShards).toBe(2);
        expect((await s.runs.shards(first)).map((r) => r.segment)).toEqual([0, 1]);
        expect(await s.runs.shards(first)).toEqual([shard(first, 0), shard(first, 1)]);
        await expect(s.runs.recordShard(shard('run-20261122-000000-nnnnnn', 0), at(0))).rejects.toThrow(AuditRunNotFoundError);

        expect(await s.runs.latestCompleted()).toBeUndefined();
        expect(await s.runs.complete(first, done)).toBe('completed');
        expect(await s.runs.complete(first, done)).toBe('already');
        expect(await s.runs.get(first)).toMatchObject({ status: 'completed', finishedAt: at(9), totals: done.totals });
        await s.runs.create(run(second, at(3600)));
        await s.runs.create(run(third, at(7200)));
        await s.runs.complete(third, done);
        expect((await s.runs.latest())?.runId).toBe(third);
        expect((await s.runs.latestCompleted())?.runId).toBe(third);
        expect((await s.runs.previousCompleted(third))?.runId).toBe(first);
        expect(await s.runs.previousCompleted(first)).toBeUndefined();
        expect(await s.runs.complete('run-20261122-000000-nnnnnn', done)).toBe('already');
      });
    });

    describe('findings', () => {
      const finding = (instanceId: string, check: string, message: string): Finding => ({
        check, instanceId, service: 'postgres', zone: 'us-east-1a', severity: 'high', message, urgent: false,
      });

      it('numbers findings per instance and check, so a retried segment rewrites them, and lists them in segment order up to a limit', async () => {
        const runId = unique('run');
        const segment0 = [finding('pg-1', 'backup', 'stale'), finding('pg-1', 'backup', 'never tested'), finding('pg-2', 'tls', 'off')];
        expect(await s.findings.write(runId, 0, segment0, at(0))).toBe(3);
        expect(await s.findings.write(runId, 0, segment0, at(0))).toBe(3);
        expect(await s.findings.write(runId, 1, [finding('pg-9', 'tls', 'off')], at(0))).toBe(1);
        expect(await s.findings.write(runId, 1, [], at(0))).toBe(0);
        const listed = await s.findings.list(runId, 2, 100);
        expect(listed).toHaveLength(4);
        expect(listed.map((f) => f.segment)).toEqual([0, 0, 0, 1]);
        expect(listed.filter((f) => f.instanceId === 'pg-1').map((f) => f.message).sort()).toEqual(['never tested', 'stale']);
        expect(listed[3]).toEqual({ ...finding('pg-9', 'tls', 'off'), runId, segment: 1 });
        expect(await s.findings.list(runId, 2, 2)).toHaveLength(2);
      });
    });

    describe('advisories', () => {
      const roll = (currentWave: number, raisedWave: number): RollState => ({
        status: 'rolling', planId: 'plan-1', targetImage: { name: 'postgres-16', version: '16.5' }, instances: 3, totalWaves: 2,
        currentWave, raisedWave, startedAt: at(0), updatedAt: at(currentWave),
      });

      it('records an advisory once, names its fixed image once, and moves its roll only from the state read', async () => {
        const id = unique('CVE');
        const advisory = { id, affects: ['postgres-16:16.4.1'], severity: 'high' as const, createdAt: at(0) };
        expect(await s.advisories.put(advisory)).toBe('created');
        expect(await s.advisories.put({ ...advisory, severity: 'low' })).toBe('exists');
        expect(await s.advisories.get(id)).toEqual({ advisory });
        const fixedImage = { name: 'postgres-16', version: '16.5' };
        expect(await s.advisories.addFixedImage(id, fixedImage)).toBe(true);
        expect(await s.advisories.addFixedImage(id, { name: 'x', version: 'y' })).toBe(false);
        expect(await s.advisories.addFixedImage(unique('CVE'), fixedImage)).toBe(false);

        expect(await s.advisories.moveRoll(id, roll(0, 0), roll(1, 0))).toBe(false);
        expect(await s.advisories.startRoll(id, roll(0, 0))).toBe('started');
        expect(await s.advisories.startRoll(id, roll(0, 0))).toBe('exists');
        expect(await s.advisories.startRoll(unique('CVE'), roll(0, 0))).toBe('exists');
        expect(await s.advisories.moveRoll(id, roll(0, 0), roll(0, 1))).toBe(true);
        expect(await s.advisories.moveRoll(id, roll(0, 0), roll(1, 1))).toBe(false);
        expect(await s.advisories.get(id)).toEqual({ advisory: { ...advisory, fixedImage }, roll: roll(0, 1) });
        expect((await s.advisories.list()).map((a) => a.advisory.id)).toContain(id);

        const wave = { index: 1, phase: 'replicas' as const, steps: [{ instanceId: 'pg-1', action: 'replace' as const, service: 'postgres' as const, zone: 'us-east-1a' }] };
        await s.advisories.putWaves(id, 'plan-1', [{ index: 0, phase: 'replicas', steps: [] }, wave]);
        await s.advisories.putWaves(id, 'plan-1', [wave]);
        expect(await s.advisories.wave(id, 'plan-1', 1)).toEqual(wave);
        expect(await s.advisories.wave(id, 'plan-2', 1)).toBeUndefined();
      });
    });

    describe('the fleet as audits read it', () => {
      it('finds instances by image, filtered and limited, and records by id', async () => {
        const image = { name: unique('img'), version: '1' };
        const mine = [await registered({ image }), await registered({ image, service: 'redis', role: { kind: 'primary', cluster: 'c1' } })];
        const ids = mine.map((i) => i.id).sort();
        const rows = await s.images.instancesOn([`${image.name}:1`, `${image.name}:2`]);
        expect(rows.map((r) => r.id)).toEqual(ids);
        expect(rows.find((r) => r.service === 'redis')).toEqual({ id: mine[1]?.id, image: `${image.name}:1`, state: 'installing', service: 'redis', zone: 'us-east-1a', role: { kind: 'primary', cluster: 'c1' } });
        expect(await s.images.instancesOn([`${image.name}:1`], 1)).toHaveLength(1);
        expect((await s.images.instancesOn([`${image.name}:1`], 10, (r) => r.service === 'redis')).map((r) => r.id)).toEqual([mine[1]?.id]);
        const found = await s.images.instances([...ids, unique('ghost'), ...ids]);
        expect([...found.keys()].sort()).toEqual(ids);
        expect(found.get(mine[0]?.id ?? '')).toEqual(mine[0]);
      });

      it('splits the fleet into scan segments that cover it once and read the same on a retry', async () => {
        const cluster = unique('cluster');
        const mine = [await registered({ role: { kind: 'primary', cluster } }), await registered({ role: { kind: 'replica', cluster }, zone: 'us-east-1b' }), await registered()];
        const segments = await Promise.all([0, 1, 2].map((segment) => s.scanner.segment(segment, 3)));
        const seen = segments.flatMap((read) => read.instances.map((i) => i.id)).filter((id) => mine.some((m) => m.id === id));
        expect(seen.sort()).toEqual(mine.map((m) => m.id).sort());
        for (const read of segments) expect(read.pages).toBeGreaterThanOrEqual(1);
        const retried = await s.scanner.segment(1, 3);
        expect(retried.instances.map((i) => i.id).sort()).toEqual(segments[1]?.instances.map((i) => i.id).sort());
        expect(segments.flatMap((read) => read.instances).find((i) => i.id === mine[0]?.id)).toEqual(mine[0]);
        const members = await s.scanner.clusterMembers([cluster, unique('cluster')]);
        expect(members.sort((a, b) => a.id.localeCompare(b.id))).toEqual(mine.slice(0, 2).map(({ id, role, zone, state }) => ({ id, role, zone, state })).sort((a, b) => a.id.localeCompare(b.id)));
      });
    });

    describe('alarm intake', () => {
      const change = (alarmArn: string, state: 'ALARM' | 'OK', t: string, occurrenceId: string) =>
        ({ alarmArn, alarmName: 'cpu', state, at: t, reason: 'threshold', occurrenceId }) as AlarmStateChange;

      it("records an alarm's newest state per instance: the same occurrence is a duplicate, an older one is late", async () => {
        const instanceId = unique('pg');
        const arn = `arn:aws:cloudwatch:us-east-1:1:alarm:${unique('a')}`;
        expect(await s.alarms.observe(instanceId, change(arn, 'ALARM', at(10), 'o1'), now)).toBe('recorded');
        expect(await s.alarms.observe(instanceId, change(arn, 'ALARM', at(10), 'o1'), now)).toBe('duplicate');
        expect(await s.alarms.observe(instanceId, change(arn, 'OK', at(5), 'o0'), now)).toBe('late');
        expect(await s.alarms.observe(instanceId, change(arn, 'OK', at(20), 'o2'), now, 'freeze-1')).toBe('recorded');
        expect(await s.alarms.observations(instanceId)).toEqual([{
          instanceId, alarmArn: arn, alarmName: 'cpu', state: 'OK', at: at(20), reason: 'threshold', occurrenceId: 'o2', suppressedBy: 'freeze-1', recordedAt: now.toISOString(),
        }]);
        expect(await s.alarms.observations(unique('pg'))).toEqual([]);
      });

      it('records an unmatched alarm once per occurrence, by the day of its state change', async () => {
        const alarmArn = `arn:aws:cloudwatch:us-east-1:1:alarm:${unique('a')}`;
        const alarm = { alarmArn, alarmName: 'cpu', state: 'ALARM' as const, at: '2026-10-01T10:00:00.000Z', occurrenceId: 'o1', candidates: ['pg-x'], condition: 'down', recordedAt: at(0) };
        expect(await s.alarms.recordUnmatched(alarm, now)).toBe('recorded');
        expect(await s.alarms.recordUnmatched(alarm, now)).toBe('duplicate');
        expect((await s.alarms.unmatchedOn('2026-10-01')).filter((a) => a.alarmArn === alarmArn)).toEqual([alarm]);
        expect((await s.alarms.unmatchedOn('2026-10-02')).filter((a) => a.alarmArn === alarmArn)).toEqual([]);
      });
    });

    describe("the operator's audit log", () => {
      it('appends entries, never writes a key twice, and reads a day from a time on, oldest first', async () => {
        const requestId = unique('req');
        const entry = (phase: 'intent' | 'outcome', t: string) => ({ requestId, phase, at: t, principal: 'arn:aws:iam::1:user/alice', role: 'operator', via: 'url' as const, command: 'freeze' });
        await s.operatorLog.append(entry('intent', '2026-11-23T10:00:00.000Z'));
        await s.operatorLog.append({ ...entry('outcome', '2026-11-23T10:00:01.000Z'), outcome: 'ok' });
        await expect(s.operatorLog.append(entry('intent', '2026-11-23T10:00:00.000Z'))).rejects.toThrow(DependencyRejectedError);
        const mine = <E extends { requestId: string }>(list: E[]) => list.filter((e) => e.requestId === requestId);
        expect(mine(await s.operatorLog.day('2026-11-23', '2026-11-23T00:00:00.000Z'))).toEqual([
          entry('intent', '2026-11-23T10:00:00.000Z'), { ...entry('outcome', '2026-11-23T10:00:01.000Z'), outcome: 'ok' },
        ]);
        expect(mine(await s.operatorLog.day('2026-11-23', '2026-11-23T10:00:00.500Z')).map((e) => e.phase)).toEqual(['outcome']);
      });
    });
  });
}
