import { describe, expect, it } from 'vitest';
import { nextAction } from '../../../shared/domain/playbooks/index.ts';
import { at, attempt, context, expectDecision, healthy, instance, plan, playbook, proceed, replica, unhealthy } from './fixtures.ts';

describe('disk-full', () => {
  const full = instance({ state: 'available', metrics: { at: '2025-03-01T09:59:00Z', diskPct: 93 } });
  const ctx = context({ instance: full });

  it('grows storage in place by the configured share', () => {
    expect(proceed(plan('disk-full', full), ctx, at(0)).decision).toMatchObject({
      kind: 'act', step: 'grow-storage', enter: 'upgrading', action: { params: { growByPct: 50 } },
    });
  });

  it('counts growth as done only once disk use is under 80%', () => {
    const still = attempt(plan('disk-full', full), ctx, 0, (id) => healthy(id, 700, { diskPct: 85 })).task;
    expect(still.attempts.at(-1)?.reason).toBe('not verified within 600 s: diskPct is 85 (must be below 80)');
    const grown = attempt(plan('disk-full', full), ctx, 0, (id) => healthy(id, 300, { diskPct: 61 })).task;
    expect(proceed(grown, ctx, at(301)).decision).toMatchObject({ kind: 'succeed', settle: 'available' });
  });

  it('pages after two failed growths', () => {
    let task = attempt(plan('disk-full', full), ctx, 0, (id) => unhealthy(id, 700)).task;
    task = attempt(task, ctx, 800, (id) => unhealthy(id, 1500)).task;
    expect(proceed(task, ctx, at(1501)).decision).toMatchObject({ kind: 'escalate', severity: 'critical', settle: null });
  });
});

describe('replication-lag', () => {
  it('rebuilds a lagging replica and verifies its lag is back under the limit', () => {
    const lagging = instance({ id: 'pg-2', state: 'available', role: { kind: 'replica', cluster: 'c1' } });
    const ctx = context({ instance: lagging });
    const task = attempt(plan('replication-lag', lagging), ctx, 0, (id) => healthy(id, 900, { replicationLagSeconds: 2 })).task;
    expect(task.attempts.at(-1)).toMatchObject({ step: 'rebuild-replica', outcome: 'verified' });
  });

  it('never rebuilds a primary: it pages instead', () => {
    const primary = instance({ state: 'available' });
    const { trail, decision } = proceed(plan('replication-lag', primary), context({ instance: primary }), at(0));
    expect(trail[0]).toMatchObject({ kind: 'skip-step', reason: 'pg-1 is a primary, not a replica: rebuilding would discard the data it serves' });
    expect(decision).toMatchObject({ kind: 'escalate', severity: 'warning' });
  });
});

describe('connections-saturated', () => {
  it('restarts once and requires connection use to fall', () => {
    const busy = instance({ state: 'available' });
    const ctx = context({ instance: busy });
    const task = attempt(plan('connections-saturated', busy), ctx, 0, (id) => healthy(id, 200, { connectionsPct: 97 })).task;
    expect(task.attempts.at(-1)?.reason).toBe('not verified within 180 s: connectionsPct is 97 (must be below 80)');
    expect(proceed(task, ctx, at(201)).decision.kind).toBe('escalate');
  });
});

describe('cpu-saturated and memory-saturated', () => {
  it.each(['cpu-saturated', 'memory-saturated'])('%s pages at once, having tried nothing', (condition) => {
    const decision = expectDecision(proceed(plan(condition), context(), at(0)).decision, 'escalate');
    expect(decision).toMatchObject({ severity: 'warning', tried: [] });
    expect(decision.reason).toBe(`playbook ${condition} is exhausted for ${condition} on pg-1. Tried: nothing was tried`);
  });
});

describe('backup-stale', () => {
  const running = instance({ state: 'available' });
  const ctx = context({ instance: running });

  it('succeeds only when a backup newer than the action is reported', () => {
    const verified = attempt(plan('backup-stale', running), ctx, 0, (id) => healthy(id, 600, { lastBackupAt: at(590).toISOString() })).task;
    expect(verified.attempts.at(-1)?.outcome).toBe('verified');
  });

  it('cannot verify without backup evidence from the provider', () => {
    const unproven = attempt(plan('backup-stale', running), ctx, 0, (id) => healthy(id, 3700)).task;
    expect(unproven.attempts.at(-1)).toMatchObject({ outcome: 'failed', reason: 'not verified within 3600 s: the probe did not report lastBackupAt' });
  });

  it('does not back up an instance that is not available', () => {
    const down = instance({ state: 'unavailable' });
    const { trail } = proceed(plan('backup-stale', down), context({ instance: down }), at(0));
    expect(trail[0]).toMatchObject({ kind: 'skip-step', reason: 'pg-1 is unavailable, not available' });
  });
});

describe('tls-not-enforced and credentials-stale', () => {
  const running = instance({ state: 'available' });
  const ctx = context({ instance: running });

  it('enforces TLS and verifies it is enforced', () => {
    expect(proceed(plan('tls-not-enforced', running), ctx, at(0)).decision).toMatchObject({ kind: 'act', step: 'enforce-tls', enter: 'upgrading' });
    const task = attempt(plan('tls-not-enforced', running), ctx, 0, (id) => healthy(id, 400, { tlsEnforced: false })).task;
    expect(task.attempts.at(-1)?.reason).toBe('not verified within 300 s: tlsEnforced is false');
  });

  it('rotates credentials and verifies a rotation newer than the action', () => {
    const task = attempt(plan('credentials-stale', running), ctx, 0, (id) => healthy(id, 60, { credentialsRotatedAt: at(30).toISOString() })).task;
    expect(proceed(task, ctx, at(61)).decision).toMatchObject({ kind: 'succeed', step: 'rotate-credentials', settle: 'available' });
  });
});

describe('vulnerable-image', () => {
  const primary = instance({ state: 'available' });
  const healthyReplica = replica('pg-2', 'eu-west-1b', 1);

  it('fails a primary over first, then replaces it from the fixed image', () => {
    const ctx = context({ instance: primary, peers: [healthyReplica] });
    const task = plan('vulnerable-image', primary);
    expect(proceed(task, ctx, at(0)).decision).toMatchObject({ kind: 'act', step: 'failover', action: { params: { promote: 'pg-2' } } });
    const failedOver = attempt(task, ctx, 0, (id) => healthy(id, 60, { role: 'primary' })).task;
    expect(proceed(failedOver, ctx, at(61)).decision).toMatchObject({ kind: 'act', step: 'replace', action: { params: { image: 'postgres-16@1.4' } } });
  });

  it('replaces a replica directly, recording why failover was skipped', () => {
    const rep = instance({ id: 'pg-2', state: 'available', role: { kind: 'replica', cluster: 'c1' } });
    const { trail, decision } = proceed(plan('vulnerable-image', rep), context({ instance: rep }), at(0));
    expect(trail[0]).toMatchObject({ kind: 'skip-step', step: 'failover', reason: 'pg-2 is a replica, not a primary' });
    expect(decision).toMatchObject({ kind: 'act', step: 'replace' });
  });

  it('leaves a primary with no healthy replica to a human rather than taking its cluster down', () => {
    const { trail, decision } = proceed(plan('vulnerable-image', primary), context({ instance: primary }), at(0));
    expect(trail.map((d) => d.kind)).toEqual(['skip-step', 'skip-step', 'escalate']);
    expect(trail[1]).toMatchObject({ step: 'replace', reason: 'pg-1 is a primary that was not failed over: replacing it would take its cluster down' });
    expect(decision).toMatchObject({ kind: 'escalate', severity: 'warning' });
  });

  it('stops at a failed failover instead of replacing on top of it', () => {
    const ctx = context({ instance: primary, peers: [healthyReplica] });
    const failed = attempt(plan('vulnerable-image', primary), ctx, 0, (id) => unhealthy(id, 200)).task;
    const decision = expectDecision(nextAction(failed, playbook('vulnerable-image'), ctx, at(201)), 'escalate');
    expect(decision.reason).toContain('failover failed all 1 attempt(s), the last because not verified within 120 s: healthy is false, the probe did not report role, and the playbook stops there');
  });

  it('does not count a failover whose replica is healthy but still a replica: the promotion did not happen', () => {
    const ctx = context({ instance: primary, peers: [healthyReplica] });
    const failed = attempt(plan('vulnerable-image', primary), ctx, 0, (id) => healthy(id, 200, { role: 'replica' })).task;
    expect(failed.attempts.at(-1)).toMatchObject({ step: 'failover', outcome: 'failed', probeInstanceId: 'pg-2' });
    const decision = expectDecision(nextAction(failed, playbook('vulnerable-image'), ctx, at(201)), 'escalate');
    expect(decision.reason).toContain('not verified within 120 s: role is replica');
  });

  it('does not replace an instance with the image it already runs', () => {
    const rep = instance({ id: 'pg-2', state: 'available', role: { kind: 'replica', cluster: 'c1' }, image: { name: 'postgres-16', version: '1.4' } });
    const { trail } = proceed(plan('vulnerable-image', rep), context({ instance: rep }), at(0));
    expect(trail[1]).toMatchObject({ step: 'replace', reason: 'pg-2 already runs the current image postgres-16@1.4' });
  });
});
