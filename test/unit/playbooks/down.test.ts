import { describe, expect, it } from 'vitest';
import { nextAction, recordOutcome } from '../../../shared/domain/playbooks/index.ts';
import { at, attempt, context, expectDecision, healthy, instance, plan, playbook, proceed, replica, unhealthy } from './fixtures.ts';

const primary = instance({ id: 'pg-1', zone: 'eu-west-1a', role: { kind: 'primary', cluster: 'c1' } });

/** Restart fails twice (never healthy within 180 s), which exhausts the restart step of `down`. */
function exhaustRestarts(ctx = context({ instance: primary })) {
  let task = plan('down', primary);
  task = attempt(task, ctx, 0, (id) => unhealthy(id, 200)).task;
  task = attempt(task, ctx, 300, (id) => unhealthy(id, 500)).task;
  return task;
}

describe('the down playbook', () => {
  it('restarts first, entering the restart state with a deterministic idempotency key', () => {
    const task = plan('down', primary);
    const { decision } = proceed(task, context({ instance: primary }), at(0));
    expect(decision).toMatchObject({
      kind: 'act',
      step: 'restart',
      attempt: 1,
      enter: 'restart',
      action: { kind: 'restart', instanceId: 'pg-1', idempotencyKey: `${task.id}:restart:1` },
    });
  });

  it('succeeds when the restart is verified healthy, and settles the instance as available', () => {
    const ctx = context({ instance: primary });
    const task = attempt(plan('down', primary), ctx, 0, (id) => healthy(id, 60)).task;
    const { decision } = proceed(task, ctx, at(61));
    expect(decision).toMatchObject({ kind: 'succeed', step: 'restart', settle: 'available' });
    expect(recordOutcome(task, expectDecision(decision, 'succeed'), at(61))).toMatchObject({ status: 'succeeded' });
  });

  it('retries the restart once, settling the failed attempt as unavailable first', () => {
    const ctx = context({ instance: primary });
    const task = attempt(plan('down', primary), ctx, 0, (id) => unhealthy(id, 200)).task;
    const decision = nextAction(task, playbook('down'), ctx, at(201));
    expect(decision).toMatchObject({ kind: 'retry-step', step: 'restart', attempt: 2, settle: 'unavailable' });
    expect(expectDecision(decision, 'retry-step').reason).toBe(
      'restart attempt 1 of 2 failed (not verified within 180 s: healthy is false); trying attempt 2',
    );
  });

  it('fails a primary over to the least-lagging healthy replica in another zone once restarts are exhausted', () => {
    const peers = [
      replica('pg-2', 'eu-west-1b', 12),
      replica('pg-3', 'eu-west-1c', 3),
      replica('pg-4', 'eu-west-1a', 0), // same zone: would fail with the primary
    ];
    const ctx = context({ instance: primary, peers });
    const { decision, trail } = proceed(exhaustRestarts(ctx), ctx, at(600));
    expect(trail[0]).toMatchObject({ kind: 'advance', from: 'restart', to: 'failover', settle: 'unavailable' });
    expect(decision).toMatchObject({
      kind: 'act',
      step: 'failover',
      enter: null,
      action: { kind: 'failover', params: { promote: 'pg-3', fenceFirst: true } },
    });
  });

  it('verifies a failover on the promoted replica, then replaces the fenced primary and retires it', () => {
    const ctx = context({ instance: primary, peers: [replica('pg-3', 'eu-west-1c', 3)] });
    const failedOver = attempt(exhaustRestarts(ctx), ctx, 600, (id) => healthy(id, 660, { role: 'primary' }));
    expect(failedOver.task.attempts.at(-1)).toMatchObject({ step: 'failover', outcome: 'verified', probeInstanceId: 'pg-3' });

    const replaced = attempt(failedOver.task, ctx, 700, (id) => healthy(id, 1200), { operationId: 'op-9', newInstanceId: 'pg-9' });
    expect(replaced.trail[0]).toMatchObject({ kind: 'advance', from: 'failover', to: 'replace' });
    expect(replaced.task.attempts.at(-1)).toMatchObject({ step: 'replace', outcome: 'verified', probeInstanceId: 'pg-9' });
    expect(proceed(replaced.task, ctx, at(1201)).decision).toMatchObject({ kind: 'succeed', step: 'replace', settle: 'retiring' });
  });

  it('skips failover with the reason when no replica qualifies, and replaces instead', () => {
    const peers = [
      replica('pg-2', 'eu-west-1a', 1),
      replica('pg-3', 'eu-west-1b', 45),
      replica('pg-4', 'eu-west-1c', 0, 'uncertain'),
    ];
    const ctx = context({ instance: primary, peers });
    const { decision, trail } = proceed(exhaustRestarts(ctx), ctx, at(600));
    expect(trail.map((d) => d.kind)).toEqual(['advance', 'skip-step', 'act']);
    expect(trail[1]).toMatchObject({
      step: 'failover',
      reason: 'no replica of cluster c1 can take over: pg-2 is in the same zone (eu-west-1a), pg-3 lags 45 s (limit 30 s), pg-4 is uncertain',
    });
    expect(decision).toMatchObject({ kind: 'act', step: 'replace', action: { params: { image: 'postgres-16@1.4' } } });
  });

  it('requires replication lag strictly under the limit: 30 s is too much, 29 s is fine', () => {
    const at30 = context({ instance: primary, peers: [replica('pg-2', 'eu-west-1b', 30)] });
    const at29 = context({ instance: primary, peers: [replica('pg-2', 'eu-west-1b', 29)] });
    expect(proceed(exhaustRestarts(at30), at30, at(600)).trail[1]).toMatchObject({ kind: 'skip-step', step: 'failover' });
    expect(proceed(exhaustRestarts(at29), at29, at(600)).decision).toMatchObject({ kind: 'act', step: 'failover' });
  });

  it('skips failover for a standalone instance: there is nothing to fail over', () => {
    const standalone = instance({ role: { kind: 'standalone' } });
    const ctx = context({ instance: standalone });
    let task = plan('down', standalone);
    task = attempt(task, ctx, 0, (id) => unhealthy(id, 200)).task;
    task = attempt(task, ctx, 300, (id) => unhealthy(id, 500)).task;
    const { trail } = proceed(task, ctx, at(600));
    expect(trail).toContainEqual(expect.objectContaining({ kind: 'skip-step', step: 'failover', reason: 'pg-1 is a standalone, not a primary' }));
  });

  it('escalates with everything it tried when the replacement fails too', () => {
    const ctx = context({ instance: primary, peers: [replica('pg-2', 'eu-west-1a', 1)] });
    const replaced = attempt(exhaustRestarts(ctx), ctx, 600, (id) => unhealthy(id, 1600), { operationId: 'op-9', newInstanceId: 'pg-9' });
    const decision = expectDecision(proceed(replaced.task, ctx, at(1601)).decision, 'escalate');
    expect(decision).toMatchObject({ severity: 'critical', settle: null });
    expect(decision.tried.map((t) => [t.step, t.outcome, t.attempts])).toEqual([
      ['restart', 'failed', 2],
      ['failover', 'skipped', 0],
      ['replace', 'failed', 1],
    ]);
    expect(decision.reason).toContain('playbook down is exhausted for down on pg-1');
    expect(decision.reason).toContain('failover skipped (no replica of cluster c1 can take over');
    expect(recordOutcome(replaced.task, decision, at(1601))).toMatchObject({ status: 'escalated', result: decision.reason });
  });

  it('cannot verify a replacement whose successor the provider did not name, so that attempt fails', () => {
    const ctx = context({ instance: primary });
    const ready = proceed(exhaustRestarts(ctx), ctx, at(600));
    const started = recordOutcome(ready.task, expectDecision(ready.decision, 'act'), at(600));
    const acted = recordOutcome(started, { kind: 'acted', receipt: { operationId: 'op-9' } }, at(601));
    expect(acted.attempts.at(-1)).toMatchObject({ step: 'replace', outcome: 'failed' });
    expect(acted.attempts.at(-1)?.reason).toContain('did not name the instance that took over');
  });

  it('skips replacement when no current image is known', () => {
    const ctx = context({ instance: primary, currentImage: undefined });
    const { trail } = proceed(exhaustRestarts(ctx), ctx, at(600));
    expect(trail).toContainEqual(expect.objectContaining({ kind: 'skip-step', step: 'replace', reason: 'no current image is known for postgres' }));
  });

  it('ends quietly, without acting or paging, when the instance started retiring while the task was queued', () => {
    const task = plan('down', primary);
    const retiring = instance({ state: 'retiring' });
    const { trail } = proceed(task, context({ instance: retiring }), at(0));
    expect(trail).toEqual([{ kind: 'obsolete', reason: 'obsolete: pg-1 is retiring, so down needs no remedy. Tried: nothing was tried' }]);
  });

  it('ends quietly between steps once the instance is retired, but lets an attempt in flight or just verified finish', () => {
    const ctx = context({ instance: primary });
    const failedOnce = attempt(plan('down', primary), ctx, 0, (id) => unhealthy(id, 200)).task;
    const retired = context({ instance: instance({ state: 'retired' }) });
    expect(nextAction(failedOnce, playbook('down'), retired, at(201))).toMatchObject({ kind: 'obsolete' });
    const verified = attempt(plan('down', primary), ctx, 0, (id) => healthy(id, 60)).task;
    expect(nextAction(verified, playbook('down'), context({ instance: instance({ state: 'retiring' }) }), at(61)).kind).toBe('succeed');
  });
});
