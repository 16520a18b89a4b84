/**
 * The operator's audit log: every call to the operator door, in a table of its own that only the operator
 * function may write, and only with PutItem on a key not yet written: nothing updates or deletes an entry
 * (docs/SECURITY.md). A mutating call writes its intent before acting and its outcome after, so a crash
 * between the two still leaves a trace. Entries are kept 400 days.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { translateDynamoError } from './errors.ts';

export type AuditOutcome = 'ok' | 'refused' | 'rejected' | 'failed';

export interface OperatorAuditEntry {
  requestId: string;
  /** `intent` before a change is attempted; `outcome` once it ended (reads and refusals: outcome only). */
  phase: 'intent' | 'outcome';
  at: string;
  /** The verified IAM principal (the Function URL's signer), or `lambda:invoke` for a direct invoke. */
  principal: string;
  role: string;
  via: 'url' | 'invoke';
  command: string;
  input?: unknown;
  reason?: string;
  ticket?: string;
  breakGlass?: boolean;
  /** The name the caller typed (--actor / WARDEN_ACTOR): a note, never the identity. */
  note?: string;
  outcome?: AuditOutcome;
  error?: string;
  before?: unknown;
  after?: unknown;
}

const RETENTION_SECONDS = 400 * 24 * 3600;
const DAY_PREFIX = 'DAY#';

export class OperatorAuditLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Appends an entry; a key already written is never overwritten (the write is refused instead). */
  async append(entry: OperatorAuditEntry): Promise<void> {
    const item = {
      pk: `${DAY_PREFIX}${entry.at.slice(0, 10)}`,
      sk: `${entry.at}#${entry.requestId}#${entry.phase}`,
      ...entry,
      expiresAt: Math.floor(Date.parse(entry.at) / 1000) + RETENTION_SECONDS,
    };
    await this.doc
      .send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }))
      .catch(translateDynamoError);
  }

  /** Entries of one UTC day (YYYY-MM-DD) at or after `since`, oldest first. */
  async day(date: string, since: string): Promise<OperatorAuditEntry[]> {
    const entries: OperatorAuditEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc
        .send(new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk >= :since',
          ExpressionAttributeValues: { ':pk': `${DAY_PREFIX}${date}`, ':since': since },
          ExclusiveStartKey: start,
        }))
        .catch(translateDynamoError);
      for (const { pk: _pk, sk: _sk, expiresAt: _x, ...rest } of out.Items ?? []) entries.push(rest as OperatorAuditEntry);
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
    return entries;
  }
}
