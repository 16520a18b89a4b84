/**
 * The memory twin of Fleetwarden's DynamoDB tables: one object every memory adapter of a world shares, so a
 * transaction that spans what two adapters store (a task save checks the lease, moves the budget counters) is
 * all-or-nothing exactly as one TransactWriteItems on the single table is.
 *
 * Instance records (a million at full size) are kept compactly: the record itself by id, its history as an array
 * by version, its cause markers as one number each, and the five secondary indexes as sets of ids. Every other
 * item lives in a PartitionedTable under the key the DynamoDB adapter would give it (keys.ts, remediation-keys.ts,
 * audit-keys.ts), so the layout reads the same in both.
 */
import type { HistoryEntry, LifecycleState } from '../../domain/instance.ts';
import { Cancellation } from '../dynamo/transact.ts';
import { shardOf } from '../dynamo/keys.ts';
import { PartitionedTable } from './table.ts';

/**
 * An instance item without its keys: the Instance and what liveness and observations add to it. An attribute
 * REMOVEd is set to undefined rather than deleted, which keeps a million records' shape (and their reads fast);
 * copies out drop undefined fields, so callers see it gone.
 */
export type InstanceRecord = Record<string, unknown> & { id: string; state: LifecycleState; version: number };

/** One write of a memory transaction: its condition (checked before anything is written) and its effect. */
export interface TxWrite {
  name: string;
  check?: () => boolean;
  apply: () => void;
}

/** How long a cause marker lives (instance-store.ts's CAUSE_MARKER_TTL_SECONDS). */
export const CAUSE_MARKER_TTL_SECONDS = 30 * 24 * 3600;

export class MemoryTables {
  /** The ledger table's items other than instance records. */
  readonly ledger = new PartitionedTable();
  /** The operator audit log's own table. */
  readonly operatorAudit = new PartitionedTable();
  readonly instances = new Map<string, InstanceRecord>();
  /** Each instance's history, entry n-1 being version n. */
  readonly history = new Map<string, HistoryEntry[]>();
  /** Cause markers: `<id>\n<causeKey>` to the version that recorded the cause. */
  readonly causes = new Map<string, number>();
  readonly byState = new Map<LifecycleState, Set<string>>();
  readonly byCell = new Map<string, Set<string>>();
  readonly byCluster = new Map<string, Set<string>>();
  readonly byImage = new Map<string, Set<string>>();
  /** The sparse bySilence index: instances with `silentSince`. */
  readonly silent = new Set<string>();
  private readonly shards = new Map<string, number>();

  /** `now` is the world's clock: what TTL expiry is judged against. */
  constructor(readonly now: () => Date = () => new Date()) {}

  /** The counter and index shard of an id (keys.ts's shardOf), computed once per id. */
  shardOf(id: string): number {
    let shard = this.shards.get(id);
    if (shard === undefined) this.shards.set(id, (shard = shardOf(id)));
    return shard;
  }

  /**
   * Checks every write's condition, then applies all of them or none: undefined when applied, else the
   * cancellation naming which conditions failed (the same Cancellation the DynamoDB adapters read).
   */
  transact(what: string, writes: readonly TxWrite[]): Cancellation | undefined {
    const failed = new Set(writes.filter((w) => w.check !== undefined && !w.check()).map((w) => w.name));
    if (failed.size > 0) {
      return new Cancellation(what, new Map(writes.map((w) => [w.name, { Code: failed.has(w.name) ? 'ConditionalCheckFailed' : 'None' }])));
    }
    for (const write of writes) write.apply();
    return undefined;
  }

  /** Adds a newly registered instance to the indexes its item's keys put it in (instance-item.ts). */
  indexInstance(record: InstanceRecord): void {
    addTo(this.byState, record.state, record.id);
    addTo(this.byCell, String(record.cellId), record.id);
    const role = record.role as { cluster?: string } | undefined;
    if (role?.cluster) addTo(this.byCluster, role.cluster, record.id);
    const image = record.image as { name: string; version: string };
    addTo(this.byImage, `${image.name}:${image.version}`, record.id);
    if (record.silentSince !== undefined) this.silent.add(record.id);
  }

  moveState(id: string, from: LifecycleState, to: LifecycleState): void {
    this.byState.get(from)?.delete(id);
    addTo(this.byState, to, id);
  }

  /** Adds `by` to a counter item's `n` (ADD n :by): the item is created at 0 when absent. */
  addToCounter(key: { pk: string; sk: string }, by: number): void {
    const item = this.ledger.upsert(key);
    item.n = Number(item.n ?? 0) + by;
  }

  /**
   * What DynamoDB's TTL would have removed by the world's clock: every item whose `expiresAt` has passed, and
   * the cause markers older than their retention. Returns how many went. (DynamoDB removes them within a day or
   * two, not at once; nothing in Fleetwarden reads an item's expiry as its absence.)
   */
  expire(): number {
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    let removed = this.ledger.expire(nowSeconds) + this.operatorAudit.expire(nowSeconds);
    for (const [marker, version] of this.causes) {
      const id = marker.slice(0, marker.indexOf('\n'));
      const at = this.history.get(id)?.[version - 1]?.at;
      if (at !== undefined && Math.floor(Date.parse(at) / 1000) + CAUSE_MARKER_TTL_SECONDS <= nowSeconds) {
        this.causes.delete(marker);
        removed++;
      }
    }
    return removed;
  }
}

function addTo<K>(index: Map<K, Set<string>>, key: K, id: string): void {
  let ids = index.get(key);
  if (ids === undefined) index.set(key, (ids = new Set()));
  ids.add(id);
}
