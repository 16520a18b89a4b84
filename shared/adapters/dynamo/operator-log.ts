/** The audit trail of engineers' commands: who ran what, why, and how it ended. Kept for 400 days. */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { translateDynamoError } from './errors.ts';

export interface OperatorLogEntry {
  at: string;
  requestId: string;
  actor: string;
  command: string;
  reason?: string;
  input: Record<string, unknown>;
  outcome: 'ok' | 'rejected' | 'failed';
  error?: string;
}

const RETENTION_SECONDS = 400 * 24 * 3600;

export class OperatorLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async append(entry: OperatorLogEntry): Promise<void> {
    const item = {
      pk: `OPLOG#${entry.at.slice(0, 10)}`,
      sk: `${entry.at}#${entry.requestId}`,
      entity: 'oplog',
      ...entry,
      expiresAt: Math.floor(Date.parse(entry.at) / 1000) + RETENTION_SECONDS,
    };
    await this.doc.send(new PutCommand({ TableName: this.table, Item: item })).catch(translateDynamoError);
  }

  async day(date: string, limit = 100): Promise<OperatorLogEntry[]> {
    const out = await this.doc
      .send(new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `OPLOG#${date}` },
        ScanIndexForward: false,
        Limit: limit,
      }))
      .catch(translateDynamoError);
    return (out.Items ?? []).map(({ pk: _pk, sk: _sk, entity: _e, expiresAt: _x, ...rest }) => rest as unknown as OperatorLogEntry);
  }
}
