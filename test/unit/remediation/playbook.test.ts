import { describe, expect, it } from 'vitest';
import { remediateByHand } from '../../../shared/usecases/remediation/operator.ts';
import { planFromCondition } from '../../../shared/usecases/remediation/plan.ts';
import { engineer } from '../../support/factories.ts';
import { recordTransition } from '../../../shared/usecases/ledger.ts';
import { runRemediation } from '../../../shared/usecases/remediation/worker.ts';
import { availableInstances, harness, raise, type Harness } from './harness.ts';

let runs = 0;
const run = (h: Harness, taskId: string) =>
  runRemediation(h.deps, taskId, { token: `run-${(runs += 1)}`, leaseMs: 60_000, stopStartingAt: Date.now() + 30_000, finalDelivery: false });

async function crashedAndPlanned(h: Harness, id: string): Promise<string> {
  await availableInstances(h, [{ id, service: 'postgres', zone: 'us-east-1a', cellId: 'cell-1' }]);
  h.fleet.crash(id);
  const plan = await planFromCondition(h.deps, await raise(h, id, 'down', 'sweeper'));
  if (!('taskId' in plan)) throw new Error(`test setup: ${plan.reason}`);
  return plan.taskId;
}

describe('maintenance remedies', () => {
  it('counts a backup only when the control plane reports one taken after the action', async () => {
    const h = await harness();
    await availableInstances(h, [{ id: 'pg-backup-1', service: 'postgres', zone: 'us-east-1a', cellId: 'cell-1', lastBackupAt: '2026-11-01T00:00:00.000Z' }]);
    const plan = await planFromCondition(h.deps, await raise(h, 'pg-backup-1', 'backup-stale', 'audit:run-1'));
    if (!('taskId' in plan)) throw new Error(`test setup: ${plan.reason}`);
    expect(await run(h, plan.taskId)).toMatchObject({ outcome: 'ended', status: 'succeeded' });
    expect(h.fleet.actionLog().map((a) => a.kind)).toEqual(['take-backup']);
    expect((await h.store.get('pg-backup-1')).conditions?.['backup-stale']).toBeUndefined();
  });
});

describe('the down playbook, closed loop', () => {
  it('counts a restart that did not bring the instance back as failed, then replaces it and retires the old one', async () => {
    const h = await harness();
    const taskId = await crashedAndPlanned(h, 'pg-loop-1');
    h.fleet.injectActionFault({ kind: 'restart', mode: 'no-effect', times: 2 });

    expect(await run(h, taskId)).toMatchObject({ outcome: 'continue', status: 'verifying' });
    h.clock.advance(181);
    expect(await run(h, taskId)).toMatchObject({ outcome: 'continue', status: 'verifying' });
    h.clock.advance(181);
    expect(await run(h, taskId)).toMatchObject({ outcome: 'ended', status: 'succeeded' });

    const { task } = (await h.deps.tasks.find(taskId)) ?? {};
    expect(task?.attempts.map((a) => [a.step, a.attempt, a.outcome])).toEqual([
      ['restart', 1, 'failed'],
      ['restart', 2, 'failed'],
      ['failover', 1, 'skipped'],
      ['replace', 1, 'verified'],
    ]);
    expect(task?.attempts[0]?.reason).toBe('not verified within 180 s: reachable is false, healthy is false');
    const old = await h.store.get('pg-loop-1');
    expect(old.state).toBe('retired');
    expect(old.conditions?.down).toBeUndefined();
    const history = await h.store.history('pg-loop-1');
    expect(history.map((e) => e.to).reverse()).toEqual(['installing', 'available', 'restart', 'unavailable', 'restart', 'unavailable', 'retiring', 'retired']);
    expect(history[2]?.reason).toContain(`remediation ${taskId} (down):`);
    expect(h.fleet.actionLog().map((a) => a.kind)).toEqual(['restart', 'restart', 'replace']);
    expect(h.events.ofType('RemediationSucceeded')).toEqual([expect.objectContaining({ detail: expect.objectContaining({ taskId, step: 'replace' }) })]);
    expect(h.events.ofType('EscalationRaised')).toHaveLength(0);
  });

  it('escalates once, with what was tried and why it stopped, when every step failed', async () => {
    const h = await harness();
    const taskId = await crashedAndPlanned(h, 'pg-loop-2');
    h.fleet.injectActionFault({ mode: 'no-effect' });
    await run(h, taskId);
    for (const seconds of [181, 181, 901]) {
      h.clock.advance(seconds);
      await run(h, taskId);
    }
    expect((await h.deps.tasks.find(taskId))?.task.status).toBe('escalated');
    const [page] = h.events.ofType('EscalationRaised');
    expect(h.events.ofType('EscalationRaised')).toHaveLength(1);
    expect(page?.detail).toMatchObject({ kind: 'instance', severity: 'critical', taskId, instanceId: 'pg-loop-2', condition: 'down' });
    expect(page?.detail.tried).toEqual([
      expect.objectContaining({ step: 'restart', attempts: 2, outcome: 'failed' }),
      expect.objectContaining({ step: 'failover', outcome: 'skipped', lastReason: 'pg-loop-2 is a standalone, not a primary' }),
      expect.objectContaining({ step: 'replace', attempts: 1, outcome: 'failed' }),
    ]);
    expect(String(page?.detail.reason)).toContain('playbook down is exhausted for down on pg-loop-2');
    expect(h.events.ofType('RemediationFailed')).toHaveLength(1);
    expect(await run(h, taskId)).toMatchObject({ outcome: 'done' });

    // An engineer fixed what stopped it: raising the condition again plans a new task; raising it twice, one.
    const again = await remediateByHand(h.operator, 'pg-loop-2', 'down', engineer, 'moved the volume by hand; try again');
    expect(again).toMatchObject({ outcome: 'raised' });
    expect(again.taskId).not.toBe(taskId);
    expect(await remediateByHand(h.operator, 'pg-loop-2', 'down', engineer, 'again')).toMatchObject({ outcome: 'already-raised', taskId: again.taskId });
  });
});

describe('failover, closed loop', () => {
  async function crashedPrimary(h: Harness): Promise<string> {
    await availableInstances(h, [
      { id: 'pg-prim-1', service: 'postgres', zone: 'us-east-1a', cellId: 'cell-1', role: { kind: 'primary', cluster: 'c-fo' } },
      { id: 'pg-repl-1', service: 'postgres', zone: 'us-east-1b', cellId: 'cell-2', role: { kind: 'replica', cluster: 'c-fo' } },
    ]);
    h.fleet.crash('pg-prim-1');
    h.fleet.injectActionFault({ kind: 'restart', mode: 'fail', times: 2 });
    const plan = await planFromCondition(h.deps, await raise(h, 'pg-prim-1', 'down', 'sweeper'));
    if (!('taskId' in plan)) throw new Error(`test setup: ${plan.reason}`);
    return plan.taskId;
  }

  async function runUntilFailoverEnds(h: Harness, taskId: string) {
    for (let i = 0; i < 10; i++) {
      const { task } = (await h.deps.tasks.find(taskId)) ?? {};
      if (task?.attempts.some((a) => a.step === 'failover' && ['verified', 'failed', 'skipped'].includes(a.outcome))) return task;
      await run(h, taskId);
      h.clock.advance(121);
    }
    throw new Error('failover never ended');
  }

  it('is verified only when the promoted replica answers as primary', async () => {
    const h = await harness();
    const taskId = await crashedPrimary(h);
    const task = await runUntilFailoverEnds(h, taskId);
    expect(task?.attempts.find((a) => a.step === 'failover'), JSON.stringify(task?.attempts)).toMatchObject({ outcome: 'verified' });
    expect(h.fleet.instance('pg-repl-1').role.kind).toBe('primary');
  });

  it('fails a failover the control plane acknowledged but did not carry out, though the replica stayed healthy', async () => {
    const h = await harness();
    const taskId = await crashedPrimary(h);
    h.fleet.injectActionFault({ kind: 'failover', mode: 'no-effect' });
    const task = await runUntilFailoverEnds(h, taskId);
    const failover = task?.attempts.find((a) => a.step === 'failover');
    expect(failover, JSON.stringify(failover)).toMatchObject({ outcome: 'failed' });
    expect(failover?.reason).toContain('role is replica');
    expect(h.fleet.actionLog().map((a) => a.kind)).toContain('failover');
  });
});


describe('an instance that left service while its task waited', () => {
  it('ends the task quietly: no action, no page, outcome obsolete', async () => {
    const h = await harness();
    await availableInstances(h, [
      { id: 'pg-gone-1', service: 'postgres', zone: 'us-east-1a', cellId: 'cell-1', role: { kind: 'primary', cluster: 'c-gone' } },
      { id: 'pg-gone-2', service: 'postgres', zone: 'us-east-1b', cellId: 'cell-2', role: { kind: 'replica', cluster: 'c-gone' } },
    ]);
    const plan = await planFromCondition(h.deps, await raise(h, 'pg-gone-2', 'replication-lag', 'audit:run-1'));
    if (!('taskId' in plan)) throw new Error(`test setup: ${plan.reason}`);
    // A replacement (say, an advisory's roll) retired the replica before its task ran.
    await recordTransition(h.deps, 'pg-gone-2', 'retiring', { actor: engineer, reason: 'replaced', cause: { kind: 'test', id: 'replaced-1' } });

    expect(await run(h, plan.taskId)).toMatchObject({ outcome: 'ended' });
    const stored = await h.deps.tasks.find(plan.taskId);
    expect(stored?.resolution).toBe('obsolete');
    expect(stored?.task.result).toContain('pg-gone-2 is retiring, so replication-lag needs no remedy');
    expect(h.fleet.actionLog()).toEqual([]);
    expect(h.events.ofType('EscalationRaised')).toEqual([]);
  });
});
