/** Read models over the ledger: counts by state and instance listings, cheap at millions of instances. */
import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LIFECYCLE_STATES, type Instance, type LifecycleState, type Service } from '../../domain/instance.ts';
import type { InstanceListPort, InventoryPort, InventoryRow, ListFilter } from '../../usecases/ledger/ports.ts';
import { translateDynamoError } from './errors.ts';
import { fromInstanceItem } from './instance-item.ts';
import { INDEX, SHARDS } from './keys.ts';

export interface FleetCounts {
  total: number;
  byState: Partial<Record<LifecycleState, number>>;
  byService: Partial<Record<Service, Partial<Record<LifecycleState, number>>>>;
}

export type { InventoryRow, ListFilter };

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export class InstanceQueries implements InventoryPort, InstanceListPort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Sums the sharded counters: SHARDS small queries of at most 30 items each, whatever the fleet size.
   * The counters move inside each transition's transaction, so they are exact, not estimates.
   */
  async counts(): Promise<FleetCounts> {
    const shards = await Promise.all(range(SHARDS).map((shard) => this.queryAll({ pk: `COUNTS#${shard}` })));
    return toCounts(shards.flat());
  }

  /**
   * In-service instances per image, service and zone (retired ones are not counted): SHARDS queries over
   * one small item per (service, zone, image), whatever the fleet size.
   */
  async inventory(): Promise<InventoryRow[]> {
    const shards = await Promise.all(range(SHARDS).map((shard) => this.queryAll({ pk: `INVENTORY#${shard}` })));
    return toInventory(shards.flat());
  }

  /** Instances by state (through the byState index) or, without a state, every state in turn. */
  async list(filter: ListFilter = {}): Promise<Instance[]> {
    const limit = filter.limit ?? 100;
    const states = filter.state ? [filter.state] : LIFECYCLE_STATES;
    const found: Instance[] = [];
    for (const state of states) {
      for (const shard of range(SHARDS)) {
        const items = await this.queryAll(
          { index: INDEX.byState, pk: `STATE#${state}#${shard}`, sortPrefix: filter.service ? `${filter.service}#` : undefined },
          limit - found.length,
        );
        found.push(...items.map(fromInstanceItem));
        if (found.length >= limit) return found.sort(byId);
      }
    }
    return found.sort(byId);
  }

  private async queryAll(
    q: { pk: string; index?: string; sortPrefix?: string | undefined },
    max = Number.POSITIVE_INFINITY,
  ): Promise<Record<string, unknown>[]> {
    const pkName = q.index === INDEX.byState ? 'stateKey' : 'pk';
    const skName = q.index === INDEX.byState ? 'stateSort' : 'sk';
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.table,
        IndexName: q.index,
        KeyConditionExpression: `${pkName} = :pk` + (q.sortPrefix ? ` AND begins_with(${skName}, :prefix)` : ''),
        ExpressionAttributeValues: { ':pk': q.pk, ...(q.sortPrefix ? { ':prefix': q.sortPrefix } : {}) },
      },
    );
    const items: Record<string, unknown>[] = [];
    try {
      for await (const page of pages) {
        items.push(...(page.Items ?? []));
        if (items.length >= max) return items.slice(0, max);
      }
    } catch (error) {
      translateDynamoError(error);
    }
    return items;
  }
}

const byId = (a: Instance, b: Instance) => a.id.localeCompare(b.id);

/** The fleet's counts from the shards' counter items (`COUNTS#<shard>`, sk `<service>#<state>`, `n`). */
export function toCounts(items: readonly Record<string, unknown>[]): FleetCounts {
  const counts: FleetCounts = { total: 0, byState: {}, byService: {} };
  for (const item of items) {
    const [service, state] = String(item.sk).split('#') as [Service, LifecycleState];
    const n = Number(item.n ?? 0);
    if (n === 0) continue;
    counts.total += n;
    counts.byState[state] = (counts.byState[state] ?? 0) + n;
    const perService = (counts.byService[service] ??= {});
    perService[state] = (perService[state] ?? 0) + n;
  }
  return counts;
}

/** In-service instances per image, service and zone from the shards' inventory items (sk `<service>#<zone>#<image>`). */
export function toInventory(items: readonly Record<string, unknown>[]): InventoryRow[] {
  const rows = new Map<string, InventoryRow>();
  for (const item of items) {
    const [service, zone, image] = String(item.sk).split('#') as [Service, string, string];
    const key = String(item.sk);
    const row = rows.get(key) ?? { image, service, zone, count: 0 };
    row.count += Number(item.n ?? 0);
    rows.set(key, row);
  }
  return [...rows.values()].filter((row) => row.count > 0);
}
