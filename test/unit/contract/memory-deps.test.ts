/** The runtime's deps objects over memory (test/support/memory-deps.ts) run the real use cases, unmodified. */
import { describe, expect, it } from 'vitest';
import type { SegmentJob } from '../../../shared/domain/audit-runs/run.ts';
import { auditConfigFromEnv } from '../../../shared/runtime/audit-config.ts';
import { auditShard } from '../../../shared/usecases/audits/audit-shard.ts';
import { auditStatus } from '../../../shared/usecases/audits/reports.ts';
import { startAuditRun } from '../../../shared/usecases/audits/start-run.ts';
import { recordCellReport } from '../../../shared/usecases/heartbeats.ts';
import { recordTransition, registerInstance } from '../../../shared/usecases/ledger.ts';
import { planSweep, runSweepJob } from '../../../shared/usecases/sweeper.ts';
import { SettableClock } from '../../support/deps.ts';
import { anInstanceSpec, system } from '../../support/factories.ts';
import { memoryAuditDeps, memoryDetectionDeps, memoryWorld, type MemoryWorld } from '../../support/memory-deps.ts';

const T0 = '2026-11-22T10:00:00.000Z';

async function availableInstances(world: MemoryWorld, cellId: string, n: number): Promise<string[]> {
  const deps = memoryDetectionDeps(world);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const spec = anInstanceSpec({ cellId });
    await registerInstance(deps, spec, { actor: system, reason: 'created', cause: { kind: 'created', id: spec.id } });
    await recordTransition(deps, spec.id, 'available', { actor: system, reason: 'ready', cause: { kind: 'ready', id: spec.id } });
    ids.push(spec.id);
  }
  return ids;
}

describe('the runtime wiring over memory', () => {
  it('detects a silent cell: its instances turn uncertain at 90 s of silence, not at 89 s', async () => {
    const clock = new SettableClock(new Date(T0));
    const world = memoryWorld(clock.read);
    const deps = memoryDetectionDeps(world);
    const ids = await availableInstances(world, 'cell-1', 3);
    await recordCellReport(deps, { type: 'cell-heartbeat', cellId: 'cell-1', at: clock.read().toISOString(), instances: ids.map((id) => ({ id })) });
    const sweep = async () => {
      let moved = 0;
      for (const job of (await planSweep(deps, clock.read())).jobs) moved += (await runSweepJob(deps, job, clock.read())).transitions.length;
      return moved;
    };
    clock.advance(89);
    expect(await sweep()).toBe(0);
    clock.advance(1);
    expect(await sweep()).toBe(3);
    for (const id of ids) expect((await deps.store.get(id)).state).toBe('uncertain');
    expect(world.events.ofType('InstanceStateChanged').filter((e) => e.detail.to === 'uncertain')).toHaveLength(3);
  });

  it('runs an audit: the segments sent on its queue, each audited once, the run completed with the fleet scanned', async () => {
    const clock = new SettableClock(new Date(T0));
    const world = memoryWorld(clock.read);
    const deps = memoryAuditDeps(world, { ...auditConfigFromEnv({}), segments: 3 });
    await availableInstances(world, 'cell-1', 7);
    const started = await startAuditRun(deps, { trigger: 'engineer', requestedBy: 'alice', causeId: 'req-1', at: clock.read() });
    const jobs = deps.segments.queue.take().map((m) => m.body as SegmentJob);
    expect(jobs.map((j) => j.segment)).toEqual([0, 1, 2]);
    for (const job of [...jobs, jobs[0] as SegmentJob]) await auditShard(deps, job);
    expect(await deps.runs.get(started.run.runId)).toMatchObject({ status: 'completed', completedShards: 3, totals: { scanned: 7 } });
    expect(await auditStatus(deps, started.run.runId)).toMatchObject({ runId: started.run.runId, instancesAudited: 7, finishedAt: T0 });
  });
});
