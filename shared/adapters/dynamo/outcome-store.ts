/**
 * Finished attempts per playbook (the circuit breaker's samples, kept a day) and the pages already sent (so a
 * page that must go out once does, even when the decision to send it is taken again and again).
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OutcomeSample } from '../../domain/safety/breaker.ts';
import { putAll } from './batch-write.ts';
import { translateDynamoError } from './errors.ts';
import { queryAll } from './query.ts';
import { outcomeKey, pageKey, ttlAfter } from './remediation-keys.ts';
import type { OutcomePort } from '../../usecases/remediation/ports.ts';

const SAMPLE_RETENTION_SECONDS = 24 * 3600;
const PAGE_RETENTION_SECONDS = 30 * 24 * 3600;

export class OutcomeStore implements OutcomePort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Records finished attempts; `ref` names the attempt, so recording it again changes nothing. */
  async record(playbook: string, samples: readonly (OutcomeSample & { ref: string })[]): Promise<void> {
    const items = samples.map((s) => ({
      ...outcomeKey(playbook, s.at, s.ref),
      entity: 'outcome',
      at: s.at,
      ok: s.ok,
      expiresAt: ttlAfter(s.at, SAMPLE_RETENTION_SECONDS),
    }));
    if (items.length > 0) await putAll(this.doc, this.table, items);
  }

  /** The playbook's attempts that ended after `since`. */
  async since(playbook: string, since: string): Promise<OutcomeSample[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk > :since',
      ExpressionAttributeValues: { ':pk': outcomeKey(playbook, '', '').pk, ':since': since },
    });
    return items.map((item) => ({ at: String(item.at), ok: item.ok === true }));
  }

  async pageSent(key: string): Promise<boolean> {
    const out = await this.doc
      .send(new GetCommand({ TableName: this.table, Key: pageKey(key), ConsistentRead: true }))
      .catch(translateDynamoError);
    return out.Item !== undefined;
  }

  async markPageSent(key: string, at: string): Promise<void> {
    await this.doc
      .send(new PutCommand({ TableName: this.table, Item: { ...pageKey(key), entity: 'page', at, expiresAt: ttlAfter(at, PAGE_RETENTION_SECONDS) } }))
      .catch(translateDynamoError);
  }
}
