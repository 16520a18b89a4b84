/** The breaker's samples and the pages sent, in memory (dynamo/outcome-store.ts). */
import type { OutcomeSample } from '../../domain/safety/breaker.ts';
import type { OutcomeStore } from '../dynamo/outcome-store.ts';
import { outcomeKey, pageKey, ttlAfter } from '../dynamo/remediation-keys.ts';
import type { PublicApi } from './public-api.ts';
import type { MemoryTables } from './tables.ts';

const SAMPLE_RETENTION_SECONDS = 24 * 3600;
const PAGE_RETENTION_SECONDS = 30 * 24 * 3600;

export class MemoryOutcomeStore implements PublicApi<OutcomeStore> {
  constructor(private readonly db: MemoryTables) {}

  async record(playbook: string, samples: readonly (OutcomeSample & { ref: string })[]): Promise<void> {
    for (const s of samples) {
      this.db.ledger.put({ ...outcomeKey(playbook, s.at, s.ref), entity: 'outcome', at: s.at, ok: s.ok, expiresAt: ttlAfter(s.at, SAMPLE_RETENTION_SECONDS) });
    }
  }

  async since(playbook: string, since: string): Promise<OutcomeSample[]> {
    return this.db.ledger.query(outcomeKey(playbook, '', '').pk, { after: since }).map((item) => ({ at: String(item.at), ok: item.ok === true }));
  }

  async pageSent(key: string): Promise<boolean> {
    return this.db.ledger.has(pageKey(key));
  }

  async markPageSent(key: string, at: string): Promise<void> {
    this.db.ledger.put({ ...pageKey(key), entity: 'page', at, expiresAt: ttlAfter(at, PAGE_RETENTION_SECONDS) });
  }
}
