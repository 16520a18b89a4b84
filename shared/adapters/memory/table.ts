/**
 * One DynamoDB table in memory for the items that are not instance records: partitions by `pk`, items by `sk`,
 * with the query shapes the adapters use (a partition in sort-key order, a prefix, a range, newest first).
 * Items are copied in and out (copy.ts). The instance records, being a million, are kept apart (tables.ts).
 */
import { copyOf } from './copy.ts';

export type Item = Record<string, unknown>;
export interface Key {
  pk: string;
  sk: string;
}

export interface PartitionQuery {
  /** begins_with(sk, prefix) */
  prefix?: string;
  /** sk > after */
  after?: string;
  /** sk >= from */
  from?: string;
  /** sk <= to */
  to?: string;
  /** ScanIndexForward: false */
  descending?: boolean;
  limit?: number;
}

export class PartitionedTable {
  private readonly partitions = new Map<string, Map<string, Item>>();

  /** The stored item itself (no copy): for the adapters' conditions and updates, never handed to a caller. */
  peek(key: Key): Item | undefined {
    return this.partitions.get(key.pk)?.get(key.sk);
  }

  get(key: Key): Item | undefined {
    const item = this.peek(key);
    return item === undefined ? undefined : copyOf(item);
  }

  has(key: Key): boolean {
    return this.peek(key) !== undefined;
  }

  /** Stores a copy of `item` under its own pk and sk. */
  put(item: Item & Key): void {
    let partition = this.partitions.get(item.pk);
    if (partition === undefined) this.partitions.set(item.pk, (partition = new Map()));
    partition.set(item.sk, copyOf(item));
  }

  /** The stored item, created (with its key) when absent: what an UpdateItem without a condition does. */
  upsert(key: Key): Item {
    const found = this.peek(key);
    if (found !== undefined) return found;
    const item: Item = { pk: key.pk, sk: key.sk };
    let partition = this.partitions.get(key.pk);
    if (partition === undefined) this.partitions.set(key.pk, (partition = new Map()));
    partition.set(key.sk, item);
    return item;
  }

  delete(key: Key): void {
    const partition = this.partitions.get(key.pk);
    if (partition === undefined) return;
    partition.delete(key.sk);
    if (partition.size === 0) this.partitions.delete(key.pk);
  }

  /** Copies of a partition's items in sort-key order (byte order, as DynamoDB sorts strings). */
  query(pk: string, q: PartitionQuery = {}): Item[] {
    const partition = this.partitions.get(pk);
    if (partition === undefined) return [];
    const keys = [...partition.keys()].filter((sk) =>
      (q.prefix === undefined || sk.startsWith(q.prefix)) &&
      (q.after === undefined || sk > q.after) &&
      (q.from === undefined || sk >= q.from) &&
      (q.to === undefined || sk <= q.to));
    keys.sort(byteOrder);
    if (q.descending) keys.reverse();
    const wanted = q.limit === undefined ? keys : keys.slice(0, q.limit);
    return wanted.map((sk) => copyOf(partition.get(sk) as Item));
  }

  /** Removes every item whose TTL attribute (`expiresAt`, epoch seconds) is at or before `nowSeconds`. */
  expire(nowSeconds: number): number {
    let removed = 0;
    for (const [pk, partition] of this.partitions) {
      for (const [sk, item] of partition) {
        if (typeof item.expiresAt === 'number' && item.expiresAt <= nowSeconds) {
          partition.delete(sk);
          removed++;
        }
      }
      if (partition.size === 0) this.partitions.delete(pk);
    }
    return removed;
  }
}

/** DynamoDB compares strings by UTF-8 bytes; for the keys here (ASCII) that is code-unit order. */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
