/** Instance leases in memory (dynamo/lease-store.ts): at most one task owns an instance, one run works on it. */
import type { LeaseOutcome, LeaseStore } from '../dynamo/lease-store.ts';
import { leaseKey } from '../dynamo/remediation-keys.ts';
import type { PublicApi } from './public-api.ts';
import type { MemoryTables } from './tables.ts';

/** As in the DynamoDB adapter: a lease item outlives its last holder by a day at most. */
const ttl = (untilMs: number) => Math.floor(untilMs / 1000) + 24 * 3600;

export class MemoryLeaseStore implements PublicApi<LeaseStore> {
  constructor(private readonly db: MemoryTables) {}

  async acquire(instanceId: string, taskId: string, token: string, nowMs: number, runMs: number): Promise<LeaseOutcome> {
    const old = this.db.ledger.peek(leaseKey(instanceId));
    const ownerFree = old?.owner === undefined || old.owner === taskId || Number(old.ownerUntil) < nowMs;
    const runFree = old?.runUntil === undefined || Number(old.runUntil) < nowMs;
    if (ownerFree && runFree) {
      const until = nowMs + runMs;
      Object.assign(this.db.ledger.upsert(leaseKey(instanceId)), { owner: taskId, ownerUntil: until, runToken: token, runUntil: until, entity: 'lease', expiresAt: ttl(until) });
      return { kind: 'acquired' };
    }
    const owner = typeof old?.owner === 'string' ? old.owner : '';
    if (owner === taskId) return { kind: 'running', until: Number(old?.runUntil ?? nowMs) };
    return { kind: 'owned', owner, until: Number(old?.ownerUntil ?? nowMs) };
  }

  async release(instanceId: string, token: string, keepUntilMs?: number): Promise<void> {
    const lease = this.db.ledger.peek(leaseKey(instanceId));
    if (lease?.runToken !== token) return;
    if (keepUntilMs === undefined) {
      this.db.ledger.delete(leaseKey(instanceId));
      return;
    }
    Object.assign(lease, { ownerUntil: keepUntilMs, expiresAt: ttl(keepUntilMs) });
    delete lease.runToken;
    delete lease.runUntil;
  }
}
