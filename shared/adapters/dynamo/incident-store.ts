/**
 * Mass-event incidents. Opening one also takes its scope's lock (INCIDENTSCOPE / <scope>), in one transaction,
 * so that concurrent detections of the same outage open exactly one incident, and page once.
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/errors.ts';
import type { Incident } from '../../domain/safety/incident.ts';
import { describeScope } from '../../domain/safety/mass-event.ts';
import type { IncidentPort, IncidentRecord } from '../../usecases/remediation/ports.ts';
import { translateDynamoError } from './errors.ts';
import { isConditionFailure, queryAll, writeIf } from './query.ts';
import { incidentKey, incidentScopeKey, ttlAfter } from './remediation-keys.ts';
import { transactNamed } from './transact.ts';

export type { IncidentRecord };

const RETENTION_SECONDS = 90 * 24 * 3600;

export class IncidentStore implements IncidentPort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** `exists`: its scope already has a live incident (or this one was opened by a concurrent detection). */
  async open(incident: Incident): Promise<'opened' | 'exists'> {
    const scope = describeScope(incident.scope);
    const cancelled = await transactNamed(this.doc, `opening incident ${incident.id}`, [
      ['scope', {
        Put: {
          TableName: this.table,
          Item: { ...incidentScopeKey(scope), entity: 'incident-scope', incidentId: incident.id },
          // The scope is free when it never had an incident, or its last one was resolved.
          ConditionExpression: 'attribute_not_exists(pk) OR attribute_exists(resolvedAt)',
        },
      }],
      ['incident', {
        Put: {
          TableName: this.table,
          Item: { ...incidentKey(incident.id), entity: 'incident', incident: { ...incident, paged: false } },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }],
    ]);
    if (cancelled === undefined) return 'opened';
    if (cancelled.failed('scope') || cancelled.failed('incident')) return 'exists';
    throw cancelled.unexpected();
  }

  /**
   * Claims the incident's one page for the caller: true when it may send it. False when it went out already,
   * or another run claimed it after `staleBefore` (a claim older than that is a run that died before paging).
   */
  async claimPage(id: string, at: string, staleBefore: string): Promise<boolean> {
    return writeIf(this.doc, new UpdateCommand({
      TableName: this.table,
      Key: incidentKey(id),
      UpdateExpression: 'SET #i.pagingAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND #i.paged = :no AND (attribute_not_exists(#i.pagingAt) OR #i.pagingAt < :stale)',
      ExpressionAttributeNames: { '#i': 'incident' },
      ExpressionAttributeValues: { ':at': at, ':no': false, ':stale': staleBefore },
    }));
  }

  async markPaged(id: string): Promise<void> {
    await this.update(id, 'SET #i.paged = :yes', { ':yes': true });
  }

  /** Writes a released or resolved incident; resolving also frees its scope for a new incident (no delete needed). */
  async save(incident: Incident): Promise<void> {
    const values = { ':incident': { ...incident, paged: true } };
    if (incident.status !== 'resolved') {
      await this.update(incident.id, 'SET #i = :incident', values);
      return;
    }
    const expiresAt = ttlAfter(incident.resolvedAt ?? incident.openedAt, RETENTION_SECONDS);
    const cancelled = await transactNamed(this.doc, `resolving incident ${incident.id}`, [
      ['incident', {
        Update: {
          TableName: this.table,
          Key: incidentKey(incident.id),
          UpdateExpression: 'SET #i = :incident, expiresAt = :ttl',
          ExpressionAttributeNames: { '#i': 'incident' },
          ExpressionAttributeValues: { ...values, ':ttl': expiresAt },
        },
      }],
      ['scope', {
        Update: {
          TableName: this.table,
          Key: incidentScopeKey(describeScope(incident.scope)),
          UpdateExpression: 'SET resolvedAt = :at',
          ConditionExpression: 'incidentId = :id',
          ExpressionAttributeValues: { ':at': incident.resolvedAt ?? incident.openedAt, ':id': incident.id },
        },
      }],
    ]);
    if (cancelled === undefined) return;
    // The scope's lock names another incident (it never held this one): just record the resolution.
    if (cancelled.failed('scope') && !cancelled.failed('incident')) await this.update(incident.id, 'SET #i = :incident', values);
    else throw cancelled.unexpected();
  }

  /** Every incident kept, newest first. */
  async list(): Promise<IncidentRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': incidentKey('').pk },
    });
    return items.map((item) => item.incident as IncidentRecord).sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  }

  private async update(id: string, expression: string, values: Record<string, unknown>): Promise<void> {
    await this.doc
      .send(new UpdateCommand({
        TableName: this.table,
        Key: incidentKey(id),
        UpdateExpression: expression,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#i': 'incident' },
        ExpressionAttributeValues: values,
      }))
      .catch((error: unknown) => {
        if (isConditionFailure(error)) throw new ValidationError('incident', [`no incident ${id}`]);
        translateDynamoError(error);
      });
  }
}
