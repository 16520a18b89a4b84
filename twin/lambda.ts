/**
 * Lambda's SQS event source mapping, as the twin models it: batches of up to `batchSize` visible messages, at most
 * `maxConcurrency` invocations at once, each holding its slot for a modelled duration. A record the handler reports
 * in `batchItemFailures` (or every record, when the invocation throws) stays on the queue and comes back after its
 * visibility timeout, with its receive count raised; the rest are deleted.
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Simulation } from './simulation.ts';
import type { SimQueue } from './sqs.ts';

export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

export interface MappingOptions {
  batchSize: number;
  maxConcurrency: number;
  /** How long an invocation of `records` records holds its slot, in simulated milliseconds. */
  durationMs: (records: number) => number;
  /** A cap on the concurrency while it returns a number (throttling); undefined: `maxConcurrency`. */
  concurrencyCap?: () => number | undefined;
  /** While false (an outage of Fleetwarden itself), nothing is received; messages wait on the queue. */
  running?: () => boolean;
}

export interface MappingStats {
  invocations: number;
  records: number;
  failedRecords: number;
  thrown: number;
  peakConcurrency: number;
}

export class EventSourceMapping {
  private inFlight = 0;
  private pollAt: number | undefined;
  readonly stats: MappingStats = { invocations: 0, records: 0, failedRecords: 0, thrown: 0, peakConcurrency: 0 };
  /** The last error an invocation threw (the twin reports it; Lambda would log it). */
  lastError: unknown;

  constructor(
    private readonly sim: Simulation,
    private readonly queue: SimQueue,
    private readonly arn: string,
    private readonly handler: SqsHandler,
    private readonly options: MappingOptions,
  ) {
    queue.onMessage((visibleAtMs) => this.wakeAt(visibleAtMs));
  }

  /** Polls again at `atMs` (a stopped observer is polled once a minute until it runs again). */
  wakeAt(atMs: number): void {
    if (this.pollAt !== undefined && this.pollAt <= atMs) return;
    this.pollAt = atMs;
    this.sim.at(atMs, () => this.poll(atMs));
  }

  private async poll(scheduledFor: number): Promise<void> {
    if (this.pollAt !== scheduledFor) return;
    this.pollAt = undefined;
    if (this.options.running?.() === false) {
      this.wakeAt(this.sim.now() + 60_000);
      return;
    }
    while (this.inFlight < this.limit()) {
      const received = this.queue.receive(this.options.batchSize, this.sim.now());
      if (received.length === 0) break;
      await this.invoke(received);
    }
    const next = this.queue.nextVisibleAt();
    if (next !== undefined && this.inFlight < this.limit()) this.wakeAt(Math.max(next, this.sim.now() + 1));
  }

  private limit(): number {
    return Math.min(this.options.maxConcurrency, this.options.concurrencyCap?.() ?? Infinity);
  }

  private async invoke(received: ReturnType<SimQueue['receive']>): Promise<void> {
    this.inFlight += 1;
    this.stats.invocations += 1;
    this.stats.records += received.length;
    this.stats.peakConcurrency = Math.max(this.stats.peakConcurrency, this.inFlight);
    const event: SQSEvent = { Records: received.map(({ handle, message }) => this.record(handle, message)) };
    let failed: Set<string>;
    try {
      const response = await this.handler(event);
      failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      this.stats.thrown += 1;
      this.lastError = error;
      failed = new Set(received.map(({ message }) => message.messageId));
    }
    for (const { handle, message } of received) {
      if (failed.has(message.messageId)) this.stats.failedRecords += 1;
      else this.queue.delete(handle);
    }
    this.sim.after(this.options.durationMs(received.length), () => {
      this.inFlight -= 1;
      this.wakeAt(this.sim.now());
    });
  }

  private record(handle: string, message: ReturnType<SimQueue['receive']>[number]['message']): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: handle,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAtMs),
        SenderId: 'AROATWIN',
        ApproximateFirstReceiveTimestamp: String(message.firstReceivedAtMs ?? this.sim.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.arn,
      awsRegion: 'us-east-1',
    };
  }
}
