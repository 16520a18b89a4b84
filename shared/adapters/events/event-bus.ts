/**
 * Publishes domain events to the fleet's EventBridge bus, in batches of ten (the PutEvents limit).
 * Entries EventBridge rejects are retried once; what still fails is a transient error, so the caller's
 * message is retried and nothing is dropped silently.
 */
import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { DependencyUnavailableError, isPermanent } from '../../domain/errors.ts';
import { EVENT_SOURCE, type DomainEvent } from '../../domain/events.ts';
import type { EventPublisher } from '../../usecases/ledger/ports.ts';
import { classifySdkError } from '../sdk-errors.ts';

export type { EventPublisher };

const BATCH = 10;

export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(events: DomainEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += BATCH) {
      const entries = events.slice(i, i + BATCH).map((event) => this.toEntry(event));
      await this.putWithOneRetry(entries);
    }
  }

  private toEntry(event: DomainEvent): PutEventsRequestEntry {
    return {
      EventBusName: this.busName,
      Source: EVENT_SOURCE,
      DetailType: event.type,
      Detail: JSON.stringify({ ...event.detail, dedupeKey: event.dedupeKey }),
    };
  }

  private async putWithOneRetry(entries: PutEventsRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 1; attempt <= 2 && pending.length > 0; attempt++) {
      try {
        const out = await this.client.send(new PutEventsCommand({ Entries: pending }));
        if (!out.FailedEntryCount) return;
        // Entries answer the request's entries by position; when they do not say which failed, all are sent again.
        const answers = out.Entries ?? [];
        const failed = answers.length === pending.length ? pending.filter((_, index) => answers[index]?.ErrorCode != null) : [];
        if (failed.length > 0) pending = failed;
      } catch (error) {
        const failure = classifySdkError('EventBridge', error);
        if (attempt === 2 || isPermanent(failure)) throw failure;
      }
    }
    if (pending.length > 0) {
      throw new DependencyUnavailableError('EventBridge', {
        cause: new Error(`${pending.length} event(s) were rejected twice`),
      });
    }
  }
}
