/**
 * Instances that turned uncertain or unavailable, by minute, kept a day: what mass-event detection counts.
 * One small write per failure (never per healthy instance); reading a window is one query per minute in it.
 */
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FailureSignal } from '../../domain/safety/mass-event.ts';
import { translateDynamoError } from './errors.ts';
import { queryAll } from './query.ts';
import { minuteOf, signalPartition, ttlAfter } from './remediation-keys.ts';
import type { SignalPort } from '../../usecases/remediation/ports.ts';

const RETENTION_SECONDS = 24 * 3600;

export class SignalStore implements SignalPort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Records one failure; the same instance failing again in the same minute is one signal. */
  async put(signal: FailureSignal): Promise<void> {
    await this.doc
      .send(new PutCommand({
        TableName: this.table,
        Item: { pk: signalPartition(minuteOf(signal.at)), sk: signal.instanceId, entity: 'failure-signal', ...signal, expiresAt: ttlAfter(signal.at, RETENTION_SECONDS) },
      }))
      .catch(translateDynamoError);
  }

  /** Failures from the minute of `since` to the minute of `until`, both included. */
  async between(since: Date, until: Date): Promise<FailureSignal[]> {
    const minutes: string[] = [];
    for (let t = Math.floor(since.getTime() / 60_000) * 60_000; t <= until.getTime(); t += 60_000) {
      minutes.push(minuteOf(new Date(t).toISOString()));
    }
    const pages = await Promise.all(minutes.map((minute) => queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': signalPartition(minute) },
    })));
    return pages.flat().map(({ instanceId, service, zone, region, at }) => ({
      instanceId: String(instanceId), service: String(service), zone: String(zone), region: String(region), at: String(at),
    }));
  }
}
