/** A run's findings in memory (dynamo/audit-findings.ts), under the same keys: a retried segment rewrites the same items. */
import type { Finding } from '../../domain/audits/finding.ts';
import { FINDING_SPREAD, findingKey, findingsPartition } from '../dynamo/audit-keys.ts';
import type { AuditFindings, StoredFinding } from '../dynamo/audit-findings.ts';
import type { PublicApi } from './public-api.ts';
import type { MemoryTables } from './tables.ts';

const RETENTION_SECONDS = 14 * 24 * 3600;

export class MemoryAuditFindings implements PublicApi<AuditFindings> {
  constructor(private readonly db: MemoryTables) {}

  async write(runId: string, segment: number, findings: Iterable<Finding>, at: string): Promise<number> {
    const seen = new Map<string, number>();
    const expiresAt = Math.floor(Date.parse(at) / 1000) + RETENTION_SECONDS;
    let written = 0;
    for (const finding of findings) {
      const slot = `${finding.instanceId}#${finding.check}`;
      const n = seen.get(slot) ?? 0;
      seen.set(slot, n + 1);
      this.db.ledger.put({ ...findingKey(runId, segment, finding.instanceId, finding.check, n), entity: 'finding', runId, segment, ...finding, expiresAt });
      written++;
    }
    return written;
  }

  async list(runId: string, totalSegments: number, limit: number): Promise<StoredFinding[]> {
    const found: StoredFinding[] = [];
    for (let i = 0; i < totalSegments * FINDING_SPREAD && found.length < limit; i++) {
      for (const { pk: _pk, sk: _sk, entity: _e, expiresAt: _x, ...rest } of this.db.ledger.query(findingsPartition(runId, Math.floor(i / FINDING_SPREAD), i % FINDING_SPREAD))) {
        found.push(rest as unknown as StoredFinding);
      }
    }
    return found.slice(0, limit);
  }
}
