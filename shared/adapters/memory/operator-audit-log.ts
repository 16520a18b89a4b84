/** The operator's audit log in memory (dynamo/operator-audit-log.ts): append only, a key is never written twice. */
import { DependencyRejectedError } from '../../domain/errors.ts';
import type { OperatorAuditEntry, OperatorAuditLog } from '../dynamo/operator-audit-log.ts';
import type { PublicApi } from './public-api.ts';
import type { MemoryTables } from './tables.ts';

const RETENTION_SECONDS = 400 * 24 * 3600;
const DAY_PREFIX = 'DAY#';

export class MemoryOperatorAuditLog implements PublicApi<OperatorAuditLog> {
  constructor(private readonly db: MemoryTables) {}

  async append(entry: OperatorAuditEntry): Promise<void> {
    const key = { pk: `${DAY_PREFIX}${entry.at.slice(0, 10)}`, sk: `${entry.at}#${entry.requestId}#${entry.phase}` };
    // DynamoDB refuses the conditional put; the adapter passes the refusal on, classified as permanent.
    if (this.db.operatorAudit.has(key)) throw new DependencyRejectedError('DynamoDB', 'ConditionalCheckFailedException');
    this.db.operatorAudit.put({ ...key, ...entry, expiresAt: Math.floor(Date.parse(entry.at) / 1000) + RETENTION_SECONDS });
  }

  async day(date: string, since: string): Promise<OperatorAuditEntry[]> {
    return this.db.operatorAudit.query(`${DAY_PREFIX}${date}`, { from: since }).map(({ pk: _pk, sk: _sk, expiresAt: _x, ...rest }) => rest as unknown as OperatorAuditEntry);
  }
}
