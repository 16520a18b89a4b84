/**
 * The audit's fleet read in memory (dynamo/fleet-scan.ts). DynamoDB places an item in a Scan segment by the
 * hash of its partition key; here a hash of the instance id does the same job: every instance is in exactly one
 * segment, and a retried segment reads the same instances. `pages` counts 1 MB pages at about 1 KB an instance.
 */
import type { FleetScanner, MemberRow, SegmentRead } from '../dynamo/fleet-scan.ts';
import type { Instance } from '../../domain/instance.ts';
import { clusterRecords } from './cluster-queries.ts';
import { copyOf } from './copy.ts';
import type { PublicApi } from './public-api.ts';
import type { MemoryTables } from './tables.ts';

const INSTANCES_PER_PAGE = 1000;

export class MemoryFleetScanner implements PublicApi<FleetScanner> {
  constructor(private readonly db: MemoryTables) {}

  async segment(segment: number, totalSegments: number): Promise<SegmentRead> {
    const instances: Instance[] = [];
    for (const [id, record] of this.db.instances) {
      if (hash(id) % totalSegments === segment) instances.push(copyOf(record) as unknown as Instance);
    }
    return { instances, pages: Math.max(1, Math.ceil(instances.length / INSTANCES_PER_PAGE)) };
  }

  async clusterMembers(clusters: readonly string[]): Promise<MemberRow[]> {
    return clusters.flatMap((cluster) => clusterRecords(this.db, cluster).map((record) => copyOf({
      id: record.id, role: record.role, zone: record.zone, state: record.state,
    }) as MemberRow));
  }
}

/** FNV-1a: cheap and well spread over instance ids. */
function hash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
