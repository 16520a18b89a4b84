import { describe, expect, it } from 'vitest';
import {
  replicationLag,
  replicationReplicas,
  replicationZoneSpread,
} from '../../../shared/domain/audits/checks/replication.ts';
import { indexClusters } from '../../../shared/domain/audits/clusters.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { aContext, anInstance, aReplica, member, NOW } from './fixtures.ts';

describe('replication.lag', () => {
  const lag = replicationLag.load();

  it('passes a replica exactly at the 30 s limit and flags one just over it', () => {
    expect(lag.evaluate(aReplica({ replication: { lagSeconds: 30 } }), aContext(), NOW)).toEqual([]);
    expect(lag.evaluate(aReplica({ replication: { lagSeconds: 30.5 } }), aContext(), NOW)).toMatchObject([
      { severity: 'medium', condition: 'replication-lag', evidence: '30.5', urgent: false },
    ]);
  });

  it('rates lag beyond the severe limit (300 s) as high', () => {
    expect(lag.evaluate(aReplica({ replication: { lagSeconds: 300 } }), aContext(), NOW)[0]?.severity).toBe('medium');
    expect(lag.evaluate(aReplica({ replication: { lagSeconds: 301 } }), aContext(), NOW)[0]?.severity).toBe('high');
  });

  it('reports a replica that does not say how far behind it is, without raising a condition', () => {
    const [finding] = lag.evaluate(aReplica({ replication: {} }), aContext(), NOW);
    expect(finding).toMatchObject({ severity: 'low' });
    expect(finding).not.toHaveProperty('condition');
  });

  it('does not judge lag on a primary', () => {
    const laggingPrimary = anInstance({ replication: { replicaCount: 2, lagSeconds: 900 } });
    expect(lag.evaluate(laggingPrimary, aContext(), NOW)).toEqual([]);
  });

  it('accepts a custom limit and rejects a severe limit below the normal one', () => {
    const strict = replicationLag.load({ maxLagSeconds: 5, severeLagSeconds: 10 });
    expect(strict.evaluate(aReplica({ replication: { lagSeconds: 6 } }), aContext(), NOW)).toHaveLength(1);
    expect(() => replicationLag.load({ maxLagSeconds: 60, severeLagSeconds: 10 })).toThrow(/severeLagSeconds/);
  });
});

describe('replication.replicas', () => {
  const replicas = replicationReplicas.load();

  it('passes a postgres-ha primary with its 2 replicas and flags one with 1', () => {
    expect(replicas.evaluate(anInstance(), aContext(), NOW)).toEqual([]);
    const oneReplica = aContext({ clusters: new Map([['c-1', [member(anInstance()), member(aReplica())]]]) });
    expect(replicas.evaluate(anInstance(), oneReplica, NOW)).toMatchObject([
      { severity: 'high', condition: 'replica-missing', evidence: '1/2' },
    ]);
  });

  it('counts the replicas in service now, not the count registered: retired and installing ones do not count', () => {
    const registeredWithTwo = anInstance({ replication: { replicaCount: 2 } });
    const cluster = [
      member(registeredWithTwo),
      member(aReplica({ state: 'retired' })),
      member(aReplica({ id: 'pg-1-r2', state: 'installing' })),
      member(aReplica({ id: 'pg-1-r3', state: 'unavailable' })),
    ];
    expect(replicas.evaluate(registeredWithTwo, aContext({ clusters: new Map([['c-1', cluster]]) }), NOW)).toMatchObject([
      { condition: 'replica-missing', evidence: '1/2' },
    ]);
  });

  it('falls back to the registered count when the ledger holds no replica of the cluster (Kafka\'s further brokers)', () => {
    const elsewhere = anInstance({ role: { kind: 'primary', cluster: 'c-9' }, replication: { replicaCount: 1 } });
    expect(replicas.evaluate(elsewhere, aContext(), NOW)).toMatchObject([{ evidence: '1/2' }]);
    const broker = anInstance({ id: 'k-1', service: 'kafka', plan: 'kafka-standard', role: { kind: 'primary', cluster: 'k' }, replication: { replicaCount: 2 } });
    expect(replicas.evaluate(broker, aContext({ clusters: new Map([['k', [member(broker)]]]) }), NOW)).toEqual([]);
  });

  it('requires 2 more brokers for kafka-standard, and nothing of a standard postgres plan', () => {
    const kafka = anInstance({ id: 'k-1', service: 'kafka', plan: 'kafka-standard', role: { kind: 'primary', cluster: 'k' }, replication: { replicaCount: 1 } });
    const standard = anInstance({ plan: 'postgres-standard', role: { kind: 'standalone' }, replication: undefined });
    expect(replicas.evaluate(kafka, aContext(), NOW)).toMatchObject([{ evidence: '1/2' }]);
    expect(replicas.evaluate(standard, aContext(), NOW)).toEqual([]);
  });

  it('flags a standalone instance on a plan that promises replicas', () => {
    const standalone = anInstance({ role: { kind: 'standalone' }, replication: undefined });
    expect(replicas.evaluate(standalone, aContext(), NOW)).toMatchObject([
      { condition: 'replica-missing', evidence: '0/2' },
    ]);
  });

  it('reports an unknown plan as a finding instead of crashing', () => {
    const findings = replicas.evaluate(anInstance({ plan: 'postgres-platinum' }), aContext(), NOW);
    expect(findings).toMatchObject([{ check: 'replication.replicas', severity: 'medium' }]);
    expect(findings[0]?.message).toContain('postgres-platinum');
    expect(findings[0]).not.toHaveProperty('condition');
  });

  it('reports a plan named like an Object property as unknown, not as a plan', () => {
    const [finding] = replicas.evaluate(anInstance({ plan: 'constructor' }), aContext(), NOW);
    expect(finding?.message).toContain('not in the plan catalog');
  });

  it('reports a plan that belongs to another service', () => {
    const redisOnPgPlan = anInstance({ service: 'redis', plan: 'postgres-ha' });
    expect(replicas.evaluate(redisOnPgPlan, aContext(), NOW)[0]?.message).toContain('is a postgres plan');
  });

  it('rejects options it does not know, naming the check and the option', () => {
    expect(() => replicationReplicas.load({ minReplicas: 3 })).toThrow(ValidationError);
    expect(() => replicationReplicas.load({ minReplicas: 3 })).toThrow(/replication\.replicas.*minReplicas/);
  });
});

describe('replication.zone-spread', () => {
  const zones = replicationZoneSpread.load();

  it('passes a replica in another zone than its primary', () => {
    expect(zones.evaluate(aReplica(), aContext(), NOW)).toEqual([]);
  });

  it('flags a replica in the same zone as its primary, naming the primary', () => {
    const replica = aReplica({ zone: 'eu-west-1a' });
    const ctx = aContext({ clusters: new Map([['c-1', [member(anInstance()), member(replica)]]]) });
    expect(zones.evaluate(replica, ctx, NOW)).toMatchObject([
      { severity: 'medium', condition: 'replica-same-zone', evidence: 'pg-1' },
    ]);
  });

  it('reads cluster members indexed straight from instance records', () => {
    const replica = aReplica({ zone: 'eu-west-1a' });
    const standalone = anInstance({ id: 'solo', role: { kind: 'standalone' } });
    const clusters = indexClusters([anInstance(), replica, standalone]);
    expect([...clusters.keys()]).toEqual(['c-1']);
    expect(zones.evaluate(replica, aContext({ clusters }), NOW)).toMatchObject([{ condition: 'replica-same-zone' }]);
  });

  it('ignores a retired former primary when looking for the primary', () => {
    const replica = aReplica({ zone: 'eu-west-1a' });
    const retired = { ...member(anInstance({ id: 'pg-0', zone: 'eu-west-1b' })), state: 'retired' as const };
    const ctx = aContext({ clusters: new Map([['c-1', [retired, member(anInstance()), member(replica)]]]) });
    expect(zones.evaluate(replica, ctx, NOW)).toMatchObject([{ evidence: 'pg-1' }]);
  });

  it('says so when the cluster members were not given, rather than passing in silence', () => {
    const findings = zones.evaluate(aReplica(), aContext({ clusters: new Map() }), NOW);
    expect(findings).toMatchObject([{ severity: 'low' }]);
    expect(findings[0]?.message).toContain('c-1');
  });

  it('says so when the cluster has no primary in service', () => {
    const ctx = aContext({ clusters: new Map([['c-1', [member(aReplica())]]]) });
    expect(zones.evaluate(aReplica(), ctx, NOW)[0]?.message).toContain('no primary');
  });
});
