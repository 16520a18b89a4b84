/**
 * Found by the twin's s3-day (seed 7, 300 instances): an instance that went missing, came back while remediation was
 * restarting it, and whose restart then failed, stayed `unavailable` for good although it kept reporting. Heartbeat
 * intake had cleared its silence mark while it was in `restart`, so nothing marked it for recovery any more. Run over
 * the memory adapters (test/support/memory-deps.ts): the real use cases, in milliseconds.
 */
import { describe, expect, it } from 'vitest';
import { recordCellReport } from '../../../shared/usecases/heartbeats.ts';
import { recordTransition, registerInstance } from '../../../shared/usecases/ledger.ts';
import { planSweep, runSweepJob } from '../../../shared/usecases/sweeper.ts';
import { SettableClock } from '../../support/deps.ts';
import { anInstanceSpec, system } from '../../support/factories.ts';
import { memoryDetectionDeps, memoryWorld } from '../../support/memory-deps.ts';

const remediation = { kind: 'system' as const, id: 'remediation' };

describe('a member that reports again while remediation acts on it', () => {
  async function missingMember(state: 'restart' | 'upgrading') {
    const clock = new SettableClock(new Date('2026-11-22T10:00:00.000Z'));
    const deps = memoryDetectionDeps(memoryWorld(clock.read));
    const [gone, other] = [anInstanceSpec({ cellId: 'cell-1' }), anInstanceSpec({ cellId: 'cell-1' })];
    for (const spec of [gone, other]) {
      await registerInstance(deps, spec, { actor: system, reason: 'created', cause: { kind: 'created', id: spec.id } });
      await recordTransition(deps, spec.id, 'available', { actor: system, reason: 'ready', cause: { kind: 'ready', id: spec.id } });
    }
    const report = (...ids: string[]) => {
      clock.advance(30);
      return recordCellReport(deps, { type: 'cell-heartbeat', cellId: 'cell-1', at: clock.read().toISOString(), instances: ids.map((id) => ({ id })) });
    };
    await report(gone.id, other.id);
    expect((await report(other.id)).wentMissing).toEqual([gone.id]);
    await recordTransition(deps, gone.id, state, { actor: remediation, reason: 'acting', cause: { kind: 'task', id: `${state}-1` } });
    return { deps, report, gone: gone.id, other: other.id };
  }

  for (const state of ['restart', 'upgrading'] as const) {
    it(`is brought back by its next report when the ${state} ends unavailable, and not before`, async () => {
      const { deps, report, gone, other } = await missingMember(state);
      // Back in the cell's reports during the action: remediation decides its state, not the heartbeat.
      expect((await report(gone, other)).recovered).toEqual([]);
      expect(await deps.store.get(gone)).toMatchObject({ state, silentSince: expect.any(String) });
      await recordTransition(deps, gone, 'unavailable', { actor: remediation, reason: `${state} failed`, cause: { kind: 'task', id: `${state}-failed` } });
      expect((await report(gone, other)).recovered).toEqual([gone]);
      const recovered = await deps.store.get(gone);
      expect([recovered.state, recovered.silentSince]).toEqual(['available', undefined]);
    });
  }

  it('loses its silence mark when the action is verified (a transition to available clears it)', async () => {
    const { deps, report, gone, other } = await missingMember('restart');
    await report(gone, other);
    await recordTransition(deps, gone, 'available', { actor: remediation, reason: 'restart verified', cause: { kind: 'task', id: 'verified' } });
    expect((await deps.store.get(gone)).silentSince).toBeUndefined();
    expect((await report(gone, other)).recovered).toEqual([]);
  });

  it('keeps its place in the cell\'s attention when its whole cell went silent, so a failed restart is recovered too', async () => {
    const clock = new SettableClock(new Date('2026-11-22T10:00:00.000Z'));
    const deps = memoryDetectionDeps(memoryWorld(clock.read));
    const spec = anInstanceSpec({ cellId: 'cell-2' });
    await registerInstance(deps, spec, { actor: system, reason: 'created', cause: { kind: 'created', id: spec.id } });
    await recordTransition(deps, spec.id, 'available', { actor: system, reason: 'ready', cause: { kind: 'ready', id: spec.id } });
    const report = () => recordCellReport(deps, { type: 'cell-heartbeat', cellId: 'cell-2', at: clock.read().toISOString(), instances: [{ id: spec.id }] });
    await report();
    clock.advance(200);
    for (const job of (await planSweep(deps, clock.read())).jobs) await runSweepJob(deps, job, clock.read());
    expect((await deps.store.get(spec.id)).state).toBe('unavailable');
    await recordTransition(deps, spec.id, 'restart', { actor: remediation, reason: 'restarting', cause: { kind: 'task', id: 'restart' } });
    clock.advance(30);
    expect((await report()).recovered).toEqual([]);
    expect((await deps.liveness.cell('cell-2'))?.attention).toEqual([spec.id]);
    await recordTransition(deps, spec.id, 'unavailable', { actor: remediation, reason: 'restart failed', cause: { kind: 'task', id: 'failed' } });
    clock.advance(30);
    expect((await report()).recovered).toEqual([spec.id]);
    expect((await deps.store.get(spec.id)).state).toBe('available');
    expect((await deps.liveness.cell('cell-2'))?.attention).toEqual([]);
  });
});
