/**
 * A large, varied fleet written straight into a test table through the store's own item mapping, with the
 * inventory and state counters a registration would have moved: thousands of instances in seconds, where
 * registering them one transaction at a time would take minutes on DynamoDB Local.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { putAll } from '../../../shared/adapters/dynamo/batch-write.ts';
import { toInstanceItem } from '../../../shared/adapters/dynamo/instance-item.ts';
import { counterKey, inventoryKey, shardOf } from '../../../shared/adapters/dynamo/keys.ts';
import type { Instance, LifecycleState, Service } from '../../../shared/domain/instance.ts';

const DAY = 86_400_000;
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
export const IMAGES: Record<Service, { name: string; versions: string[] }> = {
  postgres: { name: 'postgres-16', versions: ['16.4.1', '16.4.2'] },
  redis: { name: 'redis-7', versions: ['2024.06.1', '2024.09.1'] },
  kafka: { name: 'kafka-3', versions: ['3.7.0'] },
};

/**
 * `count` instances at `now`: Postgres and Redis as primary/replica pairs (a replica sometimes in its
 * primary's zone), Kafka brokers; some with stale backups, TLS off, old credentials, lagging replicas or full
 * disks; a few installing or retired (not audited).
 */
export function aFleet(count: number, now: Date, prefix = 'i'): Instance[] {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString();
  return Array.from({ length: count }, (_, i): Instance => {
    const pair = Math.floor(i / 2);
    const service: Service = (['postgres', 'redis', 'kafka'] as const)[pair % 3] ?? 'postgres';
    // Kafka brokers are modelled as a primary with its plan's two more brokers.
    const kafka = service === 'kafka';
    const replica = !kafka && i % 2 === 1;
    const image = IMAGES[service];
    const instance: Instance = {
      id: `${prefix}-${String(i).padStart(6, '0')}`,
      service,
      plan: `${service}-standard`,
      region: 'us-east-1',
      zone: ZONES[(pair + (replica && i % 11 !== 1 ? 1 : 0)) % 3] ?? 'us-east-1a',
      cellId: `cell-${pair % 40}`,
      image: { name: image.name, version: image.versions[pair % image.versions.length] ?? '1' },
      role: kafka ? { kind: 'primary', cluster: `${prefix}-k${i}` } : { kind: replica ? 'replica' : 'primary', cluster: `${prefix}-c${pair}` },
      state: stateOf(i),
      version: 2,
      stateSince: at(10),
      createdAt: at(60),
      backup: i % 31 === 3 ? {} : { lastSuccessAt: at(i % 19 === 0 ? 3 : 0.2), lastRestoreTestAt: at(i % 5 === 0 ? 45 : 5) },
      replication: replica ? { lagSeconds: i % 47 === 1 ? 120 : 2 } : { replicaCount: kafka ? 2 : 1 },
      tls: { enforced: i % 37 !== 0 },
      credentials: { rotatedAt: at(i % 41 === 0 ? 200 : 10) },
      network: { publiclyReachable: false },
      metrics: { at: at(0.01), cpuPct: 30, memoryPct: 40, diskPct: i % 43 === 0 ? 93 : 40, connectionsPct: 20 },
      conditions: {},
    };
    return instance;
  });
}

function stateOf(i: number): LifecycleState {
  if (i % 50 === 7) return 'installing';
  if (i % 71 === 5) return 'retired';
  return 'available';
}

/** Writes the instances and the counters their registration would have moved. */
export async function seedFleet(doc: DynamoDBDocumentClient, table: string, instances: readonly Instance[]): Promise<void> {
  const counters = new Map<string, { key: Record<string, string>; n: number }>();
  const bump = (key: Record<string, string>) => {
    const id = `${key.pk}|${key.sk}`;
    const entry = counters.get(id) ?? { key, n: 0 };
    entry.n += 1;
    counters.set(id, entry);
  };
  for (const instance of instances) {
    bump(counterKey(shardOf(instance.id), instance.service, instance.state));
    const image = `${instance.image.name}:${instance.image.version}`;
    if (instance.state !== 'retired') bump(inventoryKey(shardOf(instance.id), instance.service, instance.zone, image));
  }
  await putAll(doc, table, [
    ...instances.map(toInstanceItem),
    ...[...counters.values()].map(({ key, n }) => ({ ...key, n })),
  ], 16);
}
