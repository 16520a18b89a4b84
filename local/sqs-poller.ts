/**
 * Polls one SQS queue for one function the way Lambda's event source mapping does: batches up to
 * `batchSize`, gathered for up to `batchingWindowSeconds` unless full sooner; several batches in flight at
 * once, scaled with the backlog (poller-scaling.ts); with ReportBatchItemFailures, deletes only the records
 * not reported as failed. A thrown handler error deletes nothing; the messages come back after their
 * visibility timeout and reach the dead-letter queue after maxReceiveCount.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { nextPollerCount, type PollerLimits } from './poller-scaling.ts';

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  batchSize: number;
  /** serverless.yml's `maximumBatchingWindow`: how long a partial batch waits to fill. */
  batchingWindowSeconds?: number;
  /** Batches in flight at once; one when not given. */
  concurrency?: PollerLimits;
  reportBatchItemFailures: boolean;
  invoke: (event: SQSEvent) => Promise<unknown>;
  onError: (error: unknown) => void;
}

/** An empty queue is long-polled this long at a time, so that pollers scale down and stop promptly. */
const IDLE_WAIT_SECONDS = 1;

function toRecord(message: Message, arn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...attributes,
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([k, v]) => [k, { stringValue: v.StringValue, dataType: v.DataType ?? 'String' }]),
    ) as SQSRecord['messageAttributes'],
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: arn,
    awsRegion: region,
  };
}

export function startPoller(opts: PollerOptions): { stop(): Promise<void> } {
  const limits = opts.concurrency ?? { initial: 1, max: 1 };
  const abort = new AbortController();
  const loops = new Set<Promise<void>>();
  let running = true;
  let active = 0;

  const spawn = () => {
    active += 1;
    const loop: Promise<void> = poll().finally(() => loops.delete(loop));
    loops.add(loop);
  };
  // Each poller decides after its receive: stop itself (it got nothing), start another (it got a full batch), or go on.
  const poll = async () => {
    while (running) {
      let messages: Message[];
      try {
        messages = await receiveBatch(opts, abort.signal);
      } catch (error) {
        if (!running) break;
        opts.onError(error);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      const target = nextPollerCount(active, messages.length, opts.batchSize, limits);
      if (target < active) break;
      if (target > active) spawn();
      if (messages.length > 0) await deliver(opts, messages).catch(opts.onError);
    }
    active -= 1;
  };

  for (let i = 0; i < limits.initial; i++) spawn();
  return {
    async stop() {
      running = false;
      abort.abort();
      await Promise.all([...loops]);
    },
  };
}

/** One receive; if it is not full and there is a batching window, more receives until full or the window ends. */
async function receiveBatch(opts: PollerOptions, signal: AbortSignal): Promise<Message[]> {
  const messages = await receive(opts, opts.batchSize, IDLE_WAIT_SECONDS, signal);
  const windowMs = (opts.batchingWindowSeconds ?? 0) * 1000;
  const deadline = Date.now() + windowMs;
  while (messages.length > 0 && messages.length < opts.batchSize && Date.now() < deadline && !signal.aborted) {
    const waitSeconds = Math.min(20, Math.ceil((deadline - Date.now()) / 1000));
    messages.push(...(await receive(opts, opts.batchSize - messages.length, waitSeconds, signal)));
  }
  return messages;
}

async function receive(opts: PollerOptions, max: number, waitSeconds: number, signal: AbortSignal): Promise<Message[]> {
  const out = await opts.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: opts.queueUrl,
      MaxNumberOfMessages: Math.min(10, max),
      WaitTimeSeconds: waitSeconds,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
    { abortSignal: signal },
  );
  return out.Messages ?? [];
}

async function deliver(opts: PollerOptions, messages: Message[]): Promise<void> {
  const event: SQSEvent = { Records: messages.map((m) => toRecord(m, opts.queueArn, opts.region)) };
  let failed = new Set<string>();
  try {
    const response = (await opts.invoke(event)) as { batchItemFailures?: { itemIdentifier: string }[] } | undefined;
    if (opts.reportBatchItemFailures) failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  } catch (error) {
    opts.onError(error);
    return;
  }
  const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
  if (done.length === 0) return;
  await opts.sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: opts.queueUrl,
      Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
    }),
  );
}
