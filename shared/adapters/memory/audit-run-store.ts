/** Audit runs and their shard results in memory (dynamo/audit-run-store.ts): a shard counts once, a run completes once. */
import { AuditRunNotFoundError } from '../../domain/audit-runs/errors.ts';
import type { AuditRun, RunTotals, ShardResult } from '../../domain/audit-runs/run.ts';
import type { RunSummary } from '../../domain/compliance/types.ts';
import { runKey, RUNS_PK, shardKey } from '../dynamo/audit-keys.ts';
import { toRun, toShard, type AuditRunStore } from '../dynamo/audit-run-store.ts';
import { copyOf } from './copy.ts';
import type { PublicApi } from './public-api.ts';
import type { MemoryTables } from './tables.ts';

const RETENTION_SECONDS = 400 * 24 * 3600;
const expiry = (startedAt: string) => Math.floor(Date.parse(startedAt) / 1000) + RETENTION_SECONDS;

export class MemoryAuditRunStore implements PublicApi<AuditRunStore> {
  constructor(private readonly db: MemoryTables) {}

  async create(run: AuditRun): Promise<'created' | 'exists'> {
    if (this.db.ledger.has(runKey(run.runId))) return 'exists';
    this.db.ledger.put({ ...runKey(run.runId), entity: 'auditRun', ...run, expiresAt: expiry(run.startedAt) });
    return 'created';
  }

  async get(runId: string): Promise<AuditRun | undefined> {
    const item = this.db.ledger.get(runKey(runId));
    return item === undefined ? undefined : toRun(item);
  }

  async latest(): Promise<AuditRun | undefined> {
    const [item] = this.db.ledger.query(RUNS_PK, { prefix: 'RUN#', descending: true, limit: 1 });
    return item === undefined ? undefined : toRun(item);
  }

  async latestCompleted(): Promise<AuditRun | undefined> {
    const item = this.db.ledger.query(RUNS_PK, { prefix: 'RUN#', descending: true }).find((i) => i.status === 'completed');
    return item === undefined ? undefined : toRun(item);
  }

  async previousCompleted(runId: string): Promise<AuditRun | undefined> {
    const before = runKey(runId).sk;
    const item = this.db.ledger.query(RUNS_PK, { from: 'RUN#', to: before, descending: true }).find((i) => i.status === 'completed' && i.sk !== before);
    return item === undefined ? undefined : toRun(item);
  }

  async shardDone(runId: string, segment: number): Promise<boolean> {
    return this.db.ledger.has(shardKey(runId, segment));
  }

  async recordShard(result: ShardResult, startedAt: string): Promise<'recorded' | 'duplicate'> {
    const run = runKey(result.runId);
    const shard = shardKey(result.runId, result.segment);
    const cancelled = this.db.transact(`recording shard ${result.segment} of ${result.runId}`, [
      { name: 'shard', check: () => !this.db.ledger.has(shard), apply: () => this.db.ledger.put({ ...shard, entity: 'auditShard', ...result, expiresAt: expiry(startedAt) }) },
      {
        name: 'run',
        check: () => this.db.ledger.has(run),
        apply: () => {
          const item = this.db.ledger.upsert(run);
          item.completedShards = Number(item.completedShards ?? 0) + 1;
        },
      },
    ]);
    if (cancelled === undefined) return 'recorded';
    if (cancelled.failed('shard')) return 'duplicate';
    if (cancelled.failed('run')) throw new AuditRunNotFoundError(result.runId);
    throw cancelled.unexpected();
  }

  async shards(runId: string): Promise<ShardResult[]> {
    return this.db.ledger.query(shardKey(runId, 0).pk, { prefix: 'SHARD#' }).map(toShard);
  }

  async complete(runId: string, done: { summary: RunSummary; totals: RunTotals; finishedAt: string }): Promise<'completed' | 'already'> {
    const item = this.db.ledger.peek(runKey(runId));
    if (item?.status !== 'running') return 'already';
    const { summary, totals, finishedAt } = copyOf(done);
    Object.assign(item, { status: 'completed', summary, totals, finishedAt });
    return 'completed';
  }
}
