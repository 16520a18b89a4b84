/** The byCluster index in memory (dynamo/cluster-queries.ts): a cluster's members, by id. */
import type { Instance } from '../../domain/instance.ts';
import type { ClusterQueries } from '../dynamo/cluster-queries.ts';
import { copyOf } from './copy.ts';
import type { PublicApi } from './public-api.ts';
import { byteOrder } from './table.ts';
import type { MemoryTables } from './tables.ts';

export class MemoryClusterQueries implements PublicApi<ClusterQueries> {
  constructor(private readonly db: MemoryTables) {}

  async members(cluster: string): Promise<Instance[]> {
    return clusterRecords(this.db, cluster).map((record) => copyOf(record) as unknown as Instance);
  }
}

/** The records of a cluster's members in the index's order (by id). */
export function clusterRecords(db: MemoryTables, cluster: string) {
  return [...(db.byCluster.get(cluster) ?? [])].sort(byteOrder).flatMap((id) => {
    const record = db.instances.get(id);
    return record === undefined ? [] : [record];
  });
}
