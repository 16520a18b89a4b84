import type { NewInstance } from '../shared/domain/lifecycle.ts';
import type { ImageRef, Service } from '../shared/domain/instance.ts';
import type { SimulatedInstance, SimulatedInstanceSpec } from './simulated-types.ts';

export const DEFAULT_IMAGES: Readonly<Record<Service, ImageRef>> = {
  postgres: { name: 'postgres-16', version: '2024.06.1' },
  redis: { name: 'redis-7', version: '2024.06.1' },
  kafka: { name: 'kafka-3', version: '2024.06.1' },
};

/** A healthy, reachable, compliant instance unless the spec says otherwise. */
export function newSimulatedInstance(spec: SimulatedInstanceSpec, at: string): SimulatedInstance {
  return {
    plan: `${spec.service}-standard`,
    region: 'us-east-1',
    role: { kind: 'standalone' },
    image: { ...DEFAULT_IMAGES[spec.service] },
    healthy: true,
    reachable: true,
    running: true,
    fenced: false,
    diskPct: 40,
    storageGb: 100,
    lagSeconds: 0,
    connectionsPct: 20,
    cpuPct: 25,
    memoryPct: 45,
    tlsEnforced: true,
    publiclyReachable: false,
    lastBackupAt: at,
    credentialsRotatedAt: at,
    ...spec,
  };
}

export function copyInstance(instance: SimulatedInstance): SimulatedInstance {
  return structuredClone(instance);
}

/**
 * The ledger registration for a simulated instance, so the local stack can register the fleet it simulates.
 * Carries what audits check (backups, replication, TLS, credentials) as the simulator knows it now.
 */
export function toInstanceSpec(instance: SimulatedInstance): NewInstance {
  const { id, service, plan, region, zone, cellId, image, role } = instance;
  return {
    id,
    service,
    plan,
    region,
    zone,
    cellId,
    image: { ...image },
    role: { ...role },
    ...(instance.lastBackupAt === undefined ? {} : { backup: { lastSuccessAt: instance.lastBackupAt } }),
    ...(role.kind === 'standalone' ? {} : { replication: { lagSeconds: instance.lagSeconds } }),
    tls: { enforced: instance.tlsEnforced },
    ...(instance.credentialsRotatedAt === undefined ? {} : { credentials: { rotatedAt: instance.credentialsRotatedAt } }),
    network: { publiclyReachable: instance.publiclyReachable },
  };
}
