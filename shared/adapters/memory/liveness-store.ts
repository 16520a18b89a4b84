/**
 * Liveness in memory (dynamo/liveness-store.ts): cell items, and the silence, heartbeat and observation
 * attributes of instance records. Each method is the one conditional UpdateItem its DynamoDB twin sends.
 */
import type { InstanceObservation } from '../../domain/facts.ts';
import type { LifecycleState, Service } from '../../domain/instance.ts';
import { latestByCell } from '../../domain/report-pages.ts';
import { cellKey, toCell, toMember, type CellRecord, type LivenessStore, type ReportPage, type SilentMember } from '../dynamo/liveness-store.ts';
import { pageKey, pageMinutes, pagePartition, SHARDS } from '../dynamo/keys.ts';
import { writesAnything } from '../dynamo/observation-update.ts';
import { copyOf } from './copy.ts';
import type { PublicApi } from './public-api.ts';
import { byteOrder } from './table.ts';
import type { InstanceRecord, MemoryTables } from './tables.ts';

export class MemoryLivenessStore implements PublicApi<LivenessStore> {
  constructor(private readonly db: MemoryTables) {}

  async recordCellReport(cellId: string, at: string): Promise<CellRecord | undefined> {
    const stored = this.db.ledger.peek(cellKey(cellId));
    if (typeof stored?.lastSeenAt === 'string' && stored.lastSeenAt > at) return undefined;
    const before = toCell({ cellId, ...copyOf(stored ?? {}) });
    Object.assign(this.db.ledger.upsert(cellKey(cellId)), { lastSeenAt: at, cellId, entity: 'cell' });
    return before;
  }

  async expectMember(cellId: string, at: string, member: { zone: string; service: Service }): Promise<void> {
    const cell = this.db.ledger.upsert(cellKey(cellId));
    cell.lastSeenAt ??= at;
    Object.assign(cell, { cellId, entity: 'cell', zone: member.zone });
    cell.services = new Set([...asSet(cell.services), member.service]);
    delete cell.digest;
  }

  async updateCell(
    cellId: string,
    change: { digest?: string; metricsAt?: string; addAttention?: string[]; removeAttention?: string[] },
  ): Promise<void> {
    const wanted = change.digest !== undefined || change.metricsAt !== undefined || !!change.addAttention?.length || !!change.removeAttention?.length;
    if (!wanted) return;
    const cell = this.db.ledger.upsert(cellKey(cellId));
    if (change.digest !== undefined) cell.digest = change.digest;
    if (change.metricsAt !== undefined) cell.metricsAt = change.metricsAt;
    const attention = asSet(cell.attention);
    for (const id of change.addAttention ?? []) attention.add(id);
    for (const id of change.removeAttention ?? []) attention.delete(id);
    // DynamoDB keeps no empty set: deleting the last member removes the attribute.
    if (attention.size > 0) cell.attention = attention;
    else delete cell.attention;
  }

  /** Memory is always consistent, as the BatchGetItem with ConsistentRead is. */
  async cellsById(cellIds: readonly string[]): Promise<Map<string, CellRecord>> {
    const found = new Map<string, CellRecord>();
    for (const cellId of new Set(cellIds)) {
      const item = this.db.ledger.peek(cellKey(cellId));
      if (item !== undefined) found.set(cellId, toCell(copyOf(item)));
    }
    return found;
  }

  async writePage(page: ReportPage): Promise<void> {
    this.db.ledger.put({ ...pageKey(page.writtenAt, page.id), entity: 'report-page', cells: page.cells, writtenAt: page.writtenAt, expiresAt: page.expiresAt });
  }

  async pagedSince(since: Date, until: Date): Promise<Map<string, string>> {
    return latestByCell(this.pages(since, until));
  }

  async lastPagedReport(cellId: string, since: Date, until: Date, before?: string): Promise<string | undefined> {
    const times = this.pages(since, until)
      .map((cells) => cells[cellId])
      .filter((at): at is string => at !== undefined && (before === undefined || Date.parse(at) < Date.parse(before)));
    return times.length === 0 ? undefined : times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
  }

  async carryLastSeen(cellId: string, at: string): Promise<void> {
    const cell = this.db.ledger.peek(cellKey(cellId));
    if (cell !== undefined && typeof cell.lastSeenAt === 'string' && cell.lastSeenAt < at) cell.lastSeenAt = at;
  }

  /** The pages' cell maps, as the DynamoDB twin's per-minute queries find them (`sk >= PAGE#<since>`). */
  private pages(since: Date, until: Date): Record<string, string>[] {
    const from = `PAGE#${since.toISOString()}`;
    return pageMinutes(since, until).flatMap((minute) => this.db.ledger.query(pagePartition(minute), { from }))
      .map((item) => (item.cells ?? {}) as Record<string, string>);
  }

  async cell(cellId: string): Promise<CellRecord | undefined> {
    const item = this.db.ledger.peek(cellKey(cellId));
    return item === undefined ? undefined : toCell(copyOf(item));
  }

  async recordObservation(instanceId: string, observation: InstanceObservation): Promise<void> {
    if (!writesAnything(observation)) return;
    const record = this.db.instances.get(instanceId);
    if (record === undefined) return;
    if (observation.metrics !== undefined) record.metrics = copyOf(observation.metrics);
    for (const [aspect, given] of Object.entries(observation.facts)) {
      const fields = copyOf((given ?? {}) as Record<string, unknown>);
      if (Object.keys(fields).length === 0) continue;
      record[aspect] = { ...(record[aspect] as Record<string, unknown> | undefined), ...fields };
    }
  }

  async cells(): Promise<CellRecord[]> {
    return Array.from({ length: SHARDS }, (_, shard) => this.db.ledger.query(`CELLS#${shard}`)).flat().map(toCell);
  }

  async members(cellId: string): Promise<SilentMember[]> {
    return [...(this.db.byCell.get(cellId) ?? [])].sort(byteOrder).map((id) => toMember(this.record(id), cellId));
  }

  async silentSince(before: string): Promise<SilentMember[]> {
    // The index's order: shard by shard, each by silentSince (then by key, which DynamoDB leaves unspecified).
    // Sort keys are computed once per row: comparing records' own fields is slow at a third of a million.
    const rows: { shard: number; key: string; record: InstanceRecord }[] = [];
    for (const id of this.db.silent) {
      const record = this.record(id);
      const since = String(record.silentSince);
      if (since <= before) rows.push({ shard: this.db.shardOf(id), key: `${since}\u0000${id}`, record });
    }
    rows.sort((a, b) => a.shard - b.shard || byteOrder(a.key, b.key));
    return rows.map(({ record }) => toMember(record, String(record.cellId)));
  }

  async markSilent(instanceId: string, since: string): Promise<boolean> {
    const record = this.db.instances.get(instanceId);
    if (record === undefined || record.silentSince !== undefined) return false;
    record.silentSince = since;
    this.db.silent.add(instanceId);
    return true;
  }

  async clearSilent(instanceId: string): Promise<void> {
    const record = this.db.instances.get(instanceId);
    if (record === undefined) return;
    record.silentSince = undefined;
    this.db.silent.delete(instanceId);
  }

  async recordInstanceHeartbeat(instanceId: string, at: string): Promise<LifecycleState | undefined> {
    const record = this.db.instances.get(instanceId);
    if (record === undefined) return undefined;
    if (typeof record.lastHeartbeatAt === 'string' && !(record.lastHeartbeatAt < at)) return record.state;
    record.lastHeartbeatAt = at;
    record.silentSince = undefined;
    this.db.silent.delete(instanceId);
    return record.state;
  }

  private record(id: string): InstanceRecord {
    const record = this.db.instances.get(id);
    if (record === undefined) throw new Error(`memory index names ${id}, which has no record`);
    return record;
  }
}

function asSet(value: unknown): Set<string> {
  return value instanceof Set ? new Set(value as Set<string>) : new Set();
}
