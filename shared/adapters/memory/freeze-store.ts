/** Freezes in memory (dynamo/freeze-store.ts): kept after they end, for the audit trail. */
import { ValidationError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/instance.ts';
import type { Freeze } from '../../domain/safety/freeze.ts';
import type { FreezeRecord, FreezeStore } from '../dynamo/freeze-store.ts';
import { freezeKey, ttlAfter } from '../dynamo/remediation-keys.ts';
import { copyOf } from './copy.ts';
import type { PublicApi } from './public-api.ts';
import type { MemoryTables } from './tables.ts';

const RETENTION_SECONDS = 90 * 24 * 3600;

export class MemoryFreezeStore implements PublicApi<FreezeStore> {
  constructor(private readonly db: MemoryTables) {}

  async put(freeze: Freeze): Promise<void> {
    if (this.db.ledger.has(freezeKey(freeze.id))) throw new ValidationError('freeze', [`a freeze ${freeze.id} exists already`]);
    this.db.ledger.put({ ...freezeKey(freeze.id), entity: 'freeze', freeze, expiresAt: ttlAfter(freeze.expiresAt, RETENTION_SECONDS) });
  }

  async lift(id: string, actor: Actor, reason: string, at: string): Promise<FreezeRecord> {
    const freeze = this.db.ledger.peek(freezeKey(id))?.freeze as FreezeRecord | undefined;
    if (freeze === undefined || freeze.liftedAt !== undefined || !(freeze.expiresAt > at)) {
      throw new ValidationError('unfreeze', [`no freeze ${id} is in force (unknown, lifted or expired)`]);
    }
    Object.assign(freeze, { liftedAt: at, liftedBy: copyOf(actor), liftReason: reason, expiresAt: at });
    return copyOf(freeze);
  }

  async list(): Promise<FreezeRecord[]> {
    return this.db.ledger.query(freezeKey('').pk).map((item) => item.freeze as FreezeRecord).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
}
