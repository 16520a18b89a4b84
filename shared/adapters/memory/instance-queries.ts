/** Read models over the ledger in memory (dynamo/instance-queries.ts): the sharded counters and the byState index. */
import { LIFECYCLE_STATES, type Instance } from '../../domain/instance.ts';
import { toCounts, toInventory, type FleetCounts, type InstanceQueries, type InventoryRow, type ListFilter } from '../dynamo/instance-queries.ts';
import { SHARDS } from '../dynamo/keys.ts';
import { copyOf } from './copy.ts';
import type { PublicApi } from './public-api.ts';
import { byteOrder } from './table.ts';
import type { MemoryTables } from './tables.ts';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export class MemoryInstanceQueries implements PublicApi<InstanceQueries> {
  constructor(private readonly db: MemoryTables) {}

  async counts(): Promise<FleetCounts> {
    return toCounts(range(SHARDS).flatMap((shard) => this.db.ledger.query(`COUNTS#${shard}`)));
  }

  async inventory(): Promise<InventoryRow[]> {
    return toInventory(range(SHARDS).flatMap((shard) => this.db.ledger.query(`INVENTORY#${shard}`)));
  }

  /** As its DynamoDB twin reads the byState index: state by state, shard by shard, each in `service#id` order. */
  async list(filter: ListFilter = {}): Promise<Instance[]> {
    const limit = filter.limit ?? 100;
    const found: Instance[] = [];
    for (const state of filter.state ? [filter.state] : LIFECYCLE_STATES) {
      const byShard = new Map<number, string[]>();
      for (const id of this.db.byState.get(state) ?? []) {
        const record = this.db.instances.get(id);
        if (record === undefined || (filter.service !== undefined && record.service !== filter.service)) continue;
        const shard = this.db.shardOf(id);
        const ids = byShard.get(shard);
        if (ids === undefined) byShard.set(shard, [id]);
        else ids.push(id);
      }
      for (const shard of range(SHARDS)) {
        const sorts = (byShard.get(shard) ?? []).map((id) => ({ id, sort: `${String(this.db.instances.get(id)?.service)}#${id}` }));
        sorts.sort((a, b) => byteOrder(a.sort, b.sort));
        for (const { id } of sorts.slice(0, limit - found.length)) found.push(copyOf(this.db.instances.get(id)) as unknown as Instance);
        if (found.length >= limit) return found.sort(byId);
      }
    }
    return found.sort(byId);
  }
}

const byId = (a: Instance, b: Instance) => a.id.localeCompare(b.id);
