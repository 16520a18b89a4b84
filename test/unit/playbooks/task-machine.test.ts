import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { nextAction, planRemediation, recordOutcome, remediationTaskId } from '../../../shared/domain/playbooks/index.ts';
import type { Playbook } from '../../../shared/domain/playbooks/index.ts';
import {
  T0, at, attempt, context, expectDecision, healthy, instance, plan, playbook, playbooks, proceed, replica, unhealthy,
} from './fixtures.ts';

const down = playbook('down');

/** A task whose first restart was sent and accepted by the provider at t = 1 s. */
function actedRestart() {
  const ctx = context();
  const task = plan('down');
  const started = recordOutcome(task, expectDecision(nextAction(task, down, ctx, at(0)), 'act'), at(0));
  return { ctx, task: recordOutcome(started, { kind: 'acted', receipt: { operationId: 'op-1' } }, at(1)) };
}

describe('planning a remediation', () => {
  it('plans the same task for a redelivered cause and a new one for a new cause', () => {
    expect(plan('down', instance(), 'alarm-1').id).toBe(plan('down', instance(), 'alarm-1').id);
    expect(plan('down', instance(), 'alarm-2').id).not.toBe(plan('down', instance(), 'alarm-1').id);
    expect(plan('down').id).toBe(remediationTaskId('pg-1', 'down', { kind: 'alarm', id: 'alarm-1' }));
  });

  it('starts at the first step, pending, recording the playbook steps and the cause', () => {
    expect(plan('down')).toMatchObject({
      instanceId: 'pg-1', condition: 'down', playbook: 'down', steps: ['restart', 'failover', 'replace', 'page'],
      stepIndex: 0, attempt: 1, status: 'pending', attempts: [], dryRun: false, version: 1,
      cause: { kind: 'alarm', id: 'alarm-1' }, createdAt: T0.toISOString(),
    });
  });

  it('finds no playbook for an unknown condition', () => {
    const result = planRemediation({ condition: 'haunted', instance: instance(), cause: { kind: 'alarm', id: 'a' } }, T0, playbooks);
    expect(result).toEqual({ kind: 'no-playbook', condition: 'haunted', reason: 'no playbook answers condition "haunted"' });
  });

  it('does not plan remediation for an instance that is leaving service', () => {
    const request = { condition: 'down', instance: instance({ state: 'retired' }), cause: { kind: 'alarm', id: 'a' } };
    const result = planRemediation(request, T0, playbooks);
    expect(result).toMatchObject({ kind: 'out-of-service', reason: 'pg-1 is retired: it is leaving service' });
  });
});

describe('verifying a step', () => {
  it('counts an action the provider accepted but the probe never confirmed as a failed attempt', () => {
    const { ctx, task } = actedRestart();
    const failed = recordOutcome(task, { kind: 'probed', probe: unhealthy('pg-1', 181) }, at(181));
    expect(failed.status).not.toBe('succeeded');
    expect(failed.attempts.at(-1)).toMatchObject({ outcome: 'failed', reason: 'not verified within 180 s: healthy is false' });
    expect(nextAction(failed, down, ctx, at(182)).kind).toBe('retry-step');
  });

  it('refuses to record success for a step that was not verified', () => {
    const { task } = actedRestart();
    const claim = { kind: 'succeed' as const, step: 'restart' as const, stepIndex: 0, settle: 'available' as const, reason: 'trust me' };
    expect(() => recordOutcome(task, claim, at(10))).toThrow(/succeed for step 0 attempt 1 does not fit task/);
  });

  it('keeps verifying while an unhealthy probe comes before the deadline', () => {
    const { ctx, task } = actedRestart();
    const waiting = recordOutcome(task, { kind: 'probed', probe: unhealthy('pg-1', 30) }, at(30));
    expect(waiting.status).toBe('verifying');
    expect(waiting.attempts.at(-1)).toMatchObject({ outcome: 'in-progress', lastProbe: { unmet: 'healthy is false' } });
    expect(nextAction(waiting, down, ctx, at(31))).toMatchObject({ kind: 'verify', instanceId: 'pg-1', deadline: at(181).toISOString() });
  });

  it('fails the attempt when the probe at exactly the deadline is still unhealthy', () => {
    const { task } = actedRestart();
    const failed = recordOutcome(task, { kind: 'probed', probe: unhealthy('pg-1', 181) }, at(181));
    const early = recordOutcome(task, { kind: 'probed', probe: unhealthy('pg-1', 180) }, at(180));
    expect([failed.attempts.at(-1)?.outcome, early.attempts.at(-1)?.outcome]).toEqual(['failed', 'in-progress']);
  });

  it('never verifies with a probe taken before the provider accepted the action', () => {
    const { task } = actedRestart();
    const stale = { ...healthy('pg-1', 0), at: at(0).toISOString() };
    const after = recordOutcome(task, { kind: 'probed', probe: stale }, at(10));
    expect(after.attempts.at(-1)).toMatchObject({ outcome: 'in-progress', lastProbe: { unmet: `the probe at ${at(0).toISOString()} was taken before acting` } });
  });

  it('rejects a probe of another instance than the one to verify', () => {
    const { task } = actedRestart();
    expect(() => recordOutcome(task, { kind: 'probed', probe: healthy('pg-2', 10) }, at(10))).toThrow(ValidationError);
  });

  it('counts a provider error as a failed attempt and records how long it took', () => {
    const ctx = context();
    const task = plan('down');
    const started = recordOutcome(task, expectDecision(nextAction(task, down, ctx, at(0)), 'act'), at(0));
    const failed = recordOutcome(started, { kind: 'action-failed', reason: 'control plane refused: host fenced' }, at(4));
    expect(failed.attempts.at(-1)).toMatchObject({ outcome: 'failed', reason: 'control plane refused: host fenced', durationMs: 4000 });
    expect(nextAction(failed, down, ctx, at(5))).toMatchObject({ kind: 'retry-step', attempt: 2 });
  });
});

describe('idempotency', () => {
  it('decides the same action with the same key when asked twice', () => {
    const task = plan('down');
    expect(nextAction(task, down, context(), at(0))).toEqual(nextAction(task, down, context(), at(5)));
  });

  it('re-sends exactly the recorded action after a crash between recording and acting', () => {
    const primary = instance();
    const first = context({ instance: primary, peers: [replica('pg-2', 'eu-west-1b', 1)] });
    let task = plan('down', primary);
    task = attempt(task, first, 0, (id) => unhealthy(id, 200)).task;
    task = attempt(task, first, 300, (id) => unhealthy(id, 500)).task;
    const { task: ready, decision } = proceed(task, first, at(600));
    const started = recordOutcome(ready, expectDecision(decision, 'act'), at(600));
    // The world changed before the redelivery: another replica now lags less.
    const later = context({ instance: primary, peers: [replica('pg-2', 'eu-west-1b', 5), replica('pg-3', 'eu-west-1c', 0)] });
    const again = expectDecision(nextAction(started, down, later, at(660)), 'act');
    expect(again.action).toEqual({
      kind: 'failover', instanceId: 'pg-1', idempotencyKey: `${task.id}:failover:1`, params: { promote: 'pg-2', fenceFirst: true },
    });
  });

  it('gives every attempt its own key: taskId, step and attempt', () => {
    const ctx = context();
    const task = attempt(plan('down'), ctx, 0, (id) => unhealthy(id, 200)).task;
    const second = expectDecision(proceed(task, ctx, at(300)).decision, 'act');
    expect(second.action.idempotencyKey).toBe(`${task.id}:restart:2`);
  });

  it('ignores a duplicate start or receipt for the same attempt', () => {
    const task = plan('down');
    const act = expectDecision(nextAction(task, down, context(), at(0)), 'act');
    const started = recordOutcome(task, act, at(0));
    expect(recordOutcome(started, act, at(3))).toBe(started);
    const acted = recordOutcome(started, { kind: 'acted', receipt: { operationId: 'op-1' } }, at(4));
    expect(recordOutcome(acted, { kind: 'acted', receipt: { operationId: 'op-1' } }, at(9))).toBe(acted);
    expect(acted.attempts).toHaveLength(1);
  });

  it('rejects a stale decision instead of applying it twice', () => {
    const ctx = context();
    const failed = attempt(plan('down'), ctx, 0, (id) => unhealthy(id, 200)).task;
    const retry = expectDecision(nextAction(failed, down, ctx, at(201)), 'retry-step');
    const retried = recordOutcome(failed, retry, at(201));
    expect(() => recordOutcome(retried, retry, at(202))).toThrow(/does not fit task/);
  });

  it('answers done for a finished task and refuses to record more on it', () => {
    const ctx = context();
    const verified = attempt(plan('down'), ctx, 0, (id) => healthy(id, 60)).task;
    const done = recordOutcome(verified, expectDecision(nextAction(verified, down, ctx, at(61)), 'succeed'), at(61));
    expect(nextAction(done, down, ctx, at(62))).toEqual({ kind: 'done', status: 'succeeded' });
    expect(() => recordOutcome(done, { kind: 'held', reason: 'x' }, at(62))).toThrow(ValidationError);
  });
});

describe('blocked, dry-run and changed tasks', () => {
  it('records a hold with its reason and keeps the time it started across repeated holds', () => {
    const task = plan('down');
    const held = recordOutcome(task, { kind: 'held', reason: 'held by freeze f-1' }, at(10));
    const stillHeld = recordOutcome(held, { kind: 'held', reason: 'held by freeze f-1' }, at(70));
    expect(stillHeld).toMatchObject({ status: 'held', blocked: { kind: 'hold', since: at(10).toISOString() }, version: 3 });
    const resumed = recordOutcome(stillHeld, expectDecision(nextAction(stillHeld, down, context(), at(80)), 'act'), at(80));
    expect(resumed.status).toBe('acting');
    expect(resumed.blocked).toBeUndefined();
  });

  it('resumes a held attempt with the action recorded before the hold', () => {
    const task = plan('down');
    const act = expectDecision(nextAction(task, down, context(), at(0)), 'act');
    const held = recordOutcome(recordOutcome(task, act, at(0)), { kind: 'held', reason: 'held by freeze f-1' }, at(1));
    const again = expectDecision(nextAction(held, down, context(), at(60)), 'act');
    expect(again.action).toEqual(act.action);
    expect(recordOutcome(held, again, at(60))).toMatchObject({ status: 'acting', attempts: [expect.objectContaining({ startedAt: at(0).toISOString() })] });
  });

  it('refuses to hold an action the provider already accepted', () => {
    const { task } = actedRestart();
    expect(() => recordOutcome(task, { kind: 'held', reason: 'held by freeze f-1' }, at(5))).toThrow(/held does not fit task/);
  });

  it('keeps waiting work pending with the budget reason, never dropping it', () => {
    const waiting = recordOutcome(plan('down'), { kind: 'waiting', reason: 'waiting for blast-radius budget' }, at(10));
    expect(waiting).toMatchObject({ status: 'pending', blocked: { kind: 'wait', reason: 'waiting for blast-radius budget' } });
    expect(nextAction(waiting, down, context(), at(20)).kind).toBe('act');
  });

  it('ends a dry run with what it would have done, without consuming an attempt', () => {
    const task = plan('down');
    const act = expectDecision(nextAction(task, down, context(), at(0)), 'act');
    const dry = recordOutcome(task, { kind: 'dry-run', reason: 'dry run: dry-run mode is on for playbook down', act }, at(0));
    expect(dry).toMatchObject({ status: 'dry-run', result: 'dry run: dry-run mode is on for playbook down', attempt: 1 });
    expect(dry.attempts).toEqual([expect.objectContaining({ outcome: 'dry-run', action: act.action })]);
  });

  it('escalates a task whose playbook changed since it was planned instead of running the wrong step', () => {
    const task = plan('down');
    const changed: Playbook = { ...down, steps: down.steps.filter((s) => s.kind !== 'failover') };
    const decision = expectDecision(nextAction(task, changed, context(), at(0)), 'escalate');
    expect(decision.reason).toContain('playbook down changed since this task was planned (restart -> failover -> replace -> page, now restart -> replace -> page)');
  });

  it('refuses to run a task with another playbook than its own', () => {
    expect(() => nextAction(plan('down'), playbook('disk-full'), context(), at(0))).toThrow(/runs playbook down, not disk-full/);
  });
});
