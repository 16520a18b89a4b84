/**
 * Each instance's last escalation (shared/domain/remediation/escalation.ts): which task paged, and what later
 * escalations were folded into it. Written conditionally on the one read, so two escalations of one instance
 * racing each other page once.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { InstanceEscalation } from '../../domain/remediation/escalation.ts';
import { translateDynamoError } from './errors.ts';
import { writeIf } from './query.ts';
import { escalationKey, ttlAfter } from './remediation-keys.ts';
import type { EscalationPort } from '../../usecases/remediation/ports.ts';

/** Kept a month after it opened; an escalation that old is closed anyway. */
const RETENTION_SECONDS = 30 * 24 * 3600;

export class EscalationStore implements EscalationPort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(instanceId: string): Promise<InstanceEscalation | undefined> {
    const out = await this.doc
      .send(new GetCommand({ TableName: this.table, Key: escalationKey(instanceId), ConsistentRead: true }))
      .catch(translateDynamoError);
    return out.Item?.escalation as InstanceEscalation | undefined;
  }

  /** Writes `next` if the stored escalation is still `previous` (none: none stored); `changed` otherwise. */
  async save(next: InstanceEscalation, previous: InstanceEscalation | undefined): Promise<'saved' | 'changed'> {
    const condition = previous === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : {
        ConditionExpression: '#e.taskId = :taskId AND #e.openedAt = :openedAt',
        ExpressionAttributeNames: { '#e': 'escalation' },
        ExpressionAttributeValues: { ':taskId': previous.taskId, ':openedAt': previous.openedAt },
      };
    const saved = await writeIf(this.doc, new PutCommand({
      TableName: this.table,
      Item: { ...escalationKey(next.instanceId), entity: 'escalation', escalation: next, expiresAt: ttlAfter(next.openedAt, RETENTION_SECONDS) },
      ...condition,
    }));
    return saved ? 'saved' : 'changed';
  }
}
