import { SERVICES, type Service } from '../shared/domain/instance.ts';
import { createPrng, type Prng } from './prng.ts';
import { SimulatedFleet } from './simulated-fleet.ts';
import type { SimulatedInstanceSpec } from './simulated-types.ts';

export interface FleetShape {
  now: () => Date;
  seed?: number;
  /** Clusters to create; Postgres and Redis clusters have a primary and a replica, Kafka brokers stand alone. */
  clusters: number;
  zones?: readonly string[];
  cellsPerZone?: number;
  region?: string;
  /** Share of instances created out of compliance (TLS off, stale backup, old credentials); default 0.05. */
  driftRatio?: number;
  /** Share of replicas that lag their primary (45-900 s); default 0.1. */
  laggingReplicaRatio?: number;
}

const PREFIX: Readonly<Record<Service, string>> = { postgres: 'pg', redis: 'rd', kafka: 'kf' };
/** Plans from the audit's default catalog, so that a simulated instance is judged against a real promise. */
const PLAN: Readonly<Record<Service, string>> = { postgres: 'postgres-standard', redis: 'redis-standard', kafka: 'kafka-dev' };
const DAY_MS = 86_400_000;

/**
 * A plausible fleet from a seed, for the local stack and benchmarks: the same shape and seed always give the
 * same instances. A primary and its replica live in different zones; every instance starts healthy, though some
 * drift out of compliance and some replicas lag.
 */
export function generateFleet(shape: FleetShape): SimulatedFleet {
  const seed = shape.seed ?? 1;
  const prng = createPrng(seed);
  // A stream of its own, so that adding lag left every other trait of a seed's fleet as it was.
  const lagPrng = createPrng(seed + 7_919);
  const zones = shape.zones ?? ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  const specs: SimulatedInstanceSpec[] = [];
  for (let index = 0; index < shape.clusters; index += 1) {
    const service = SERVICES[index % SERVICES.length] ?? 'postgres';
    const cluster = `${PREFIX[service]}-${String(index + 1).padStart(5, '0')}`;
    const roles = service === 'kafka' ? (['standalone'] as const) : (['primary', 'replica'] as const);
    roles.forEach((role, offset) => {
      const zone = zones[(index + offset) % zones.length] ?? 'us-east-1a';
      const id = role === 'standalone' ? cluster : `${cluster}-${offset + 1}`;
      const clusterRole = role === 'standalone' ? { kind: role } : { kind: role, cluster };
      const lagging = role === 'replica' && lagPrng.chance(shape.laggingReplicaRatio ?? 0.1);
      const lag = lagging ? { lagSeconds: lagPrng.int(45, 900) } : {};
      specs.push({ id, service, zone, plan: PLAN[service], role: clusterRole, ...traits(prng, shape, zone), ...lag });
    });
  }
  return new SimulatedFleet({ now: shape.now, seed, instances: specs });
}

function traits(prng: Prng, shape: FleetShape, zone: string): Omit<SimulatedInstanceSpec, 'id' | 'service' | 'zone'> {
  const nowMs = shape.now().getTime();
  const drifted = prng.chance(shape.driftRatio ?? 0.05);
  const backupAgeMs = drifted ? prng.int(3, 10) * DAY_MS : prng.int(1, 20) * 3_600_000;
  const credentialAgeMs = drifted ? prng.int(120, 400) * DAY_MS : prng.int(1, 60) * DAY_MS;
  return {
    cellId: `${zone}-cell-${prng.int(1, shape.cellsPerZone ?? 4)}`,
    region: shape.region ?? 'us-east-1',
    diskPct: prng.int(15, 65),
    connectionsPct: prng.int(5, 45),
    cpuPct: prng.int(5, 50),
    memoryPct: prng.int(20, 70),
    tlsEnforced: !drifted || prng.chance(0.5),
    lastBackupAt: new Date(nowMs - backupAgeMs).toISOString(),
    credentialsRotatedAt: new Date(nowMs - credentialAgeMs).toISOString(),
  };
}
