/**
 * The event bus and the SQS senders in memory: what was published or sent is kept, in order, for a test to read
 * or a twin to deliver (take() hands over what is pending). Bodies travel as JSON, as they do through SQS and
 * EventBridge, so a receiver never shares an object with the sender.
 */
import type { SegmentJob } from '../../domain/audit-runs/run.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { EventPublisher } from '../events/event-bus.ts';
import type { SegmentQueue } from '../sqs/audit-queue.ts';
import type { QueueBacklog } from '../sqs/queue-backlog.ts';
import type { OutgoingMessage, QueueSender } from '../sqs/queue-sender.ts';
import type { PublicApi } from './public-api.ts';

const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class MemoryEventBus implements EventPublisher {
  /** Every event published, in order. */
  readonly published: DomainEvent[] = [];
  private delivered = 0;

  async publish(events: DomainEvent[]): Promise<void> {
    this.published.push(...events.map(viaJson));
  }

  ofType(type: string): DomainEvent[] {
    return this.published.filter((e) => e.type === type);
  }

  /** The events published since the last take(). */
  take(): DomainEvent[] {
    const pending = this.published.slice(this.delivered);
    this.delivered = this.published.length;
    return pending;
  }
}

export interface SentMessage {
  /** The body as the receiver parses it. */
  body: unknown;
  delaySeconds?: number;
}

export class MemoryQueue implements PublicApi<QueueSender> {
  readonly sent: SentMessage[] = [];
  private delivered = 0;

  constructor(readonly queueUrl = 'memory://queue') {}

  async send(messages: OutgoingMessage[]): Promise<void> {
    for (const m of messages) this.sent.push({ body: viaJson(m.body), ...(m.delaySeconds === undefined ? {} : { delaySeconds: m.delaySeconds }) });
  }

  /** The messages sent since the last take(). */
  take(): SentMessage[] {
    const pending = this.sent.slice(this.delivered);
    this.delivered = this.sent.length;
    return pending;
  }
}

/** The audit queue's producer side over a memory queue. */
export class MemorySegmentQueue implements SegmentQueue {
  constructor(readonly queue = new MemoryQueue('memory://audit-queue')) {}

  async sendSegments(jobs: readonly SegmentJob[]): Promise<void> {
    await this.queue.send(jobs.map((job) => ({ body: job })));
  }
}

/** A queue's backlog as the twin knows it (undefined: unreadable, as an SQS failure reads). */
export class MemoryBacklog implements PublicApi<QueueBacklog> {
  constructor(private readonly count: () => number | undefined = () => 0) {}

  async waiting(): Promise<number | undefined> {
    return this.count();
  }
}
