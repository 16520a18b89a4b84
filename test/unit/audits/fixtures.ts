import type { AuditContext, ClusterMember } from '../../../shared/domain/audits/check.ts';
import { DEFAULT_PLANS } from '../../../shared/domain/audits/plans.ts';
import type { Instance } from '../../../shared/domain/instance.ts';

/** Wednesday, noon UTC: the clock every audit test reads unless it says otherwise. */
export const NOW = new Date('2026-03-04T12:00:00.000Z');

export function ago(ms: number, from: Date = NOW): string {
  return new Date(from.getTime() - ms).toISOString();
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A primary on postgres-ha that passes every check at NOW; tests change only what they are about. */
export function anInstance(overrides: Partial<Instance> = {}): Instance {
  return {
    id: 'pg-1',
    service: 'postgres',
    plan: 'postgres-ha',
    region: 'eu-west-1',
    zone: 'eu-west-1a',
    cellId: 'cell-1',
    image: { name: 'pg-16', version: '16.4.2' },
    role: { kind: 'primary', cluster: 'c-1' },
    state: 'available',
    version: 3,
    stateSince: ago(10 * DAY),
    createdAt: ago(200 * DAY),
    lastHeartbeatAt: ago(10 * SECOND),
    backup: { lastSuccessAt: ago(2 * HOUR), lastRestoreTestAt: ago(3 * DAY) },
    replication: { replicaCount: 2 },
    tls: { enforced: true },
    credentials: { rotatedAt: ago(10 * DAY) },
    network: { publiclyReachable: false },
    metrics: { at: ago(5 * MINUTE), cpuPct: 40, memoryPct: 50, diskPct: 30, connectionsPct: 20 },
    ...overrides,
  };
}

export function aReplica(overrides: Partial<Instance> = {}): Instance {
  return anInstance({
    id: 'pg-1-r1',
    zone: 'eu-west-1b',
    role: { kind: 'replica', cluster: 'c-1' },
    replication: { lagSeconds: 1 },
    ...overrides,
  });
}

export function member(instance: Instance): ClusterMember {
  return { id: instance.id, role: instance.role.kind, zone: instance.zone, state: instance.state };
}

export function aContext(overrides: Partial<AuditContext> = {}): AuditContext {
  const primary = anInstance();
  return {
    plans: DEFAULT_PLANS,
    advisories: [],
    clusters: new Map([['c-1', [member(primary), member(aReplica()), member(aReplica({ id: 'pg-1-r2', zone: 'eu-west-1c' }))]]]),
    ...overrides,
  };
}
