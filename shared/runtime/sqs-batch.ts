/**
 * Processes an SQS batch record by record, with partial batch responses. Nothing is lost:
 * - done: deleted by Lambda;
 * - transient failure: reported in batchItemFailures, and hidden for an exponential backoff before the retry;
 * - permanent failure, or the last attempt: sent to the dead-letter queue with its reason as message attributes,
 *   then deleted from the source queue (so a poison message does not loop until maxReceiveCount).
 */
import { ChangeMessageVisibilityCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { describeError, isPermanent } from '../domain/errors.ts';
import * as z from 'zod';
import { logger } from './logger.ts';
import { parseWith } from './parse.ts';
import { noteSwallowed } from './swallowed.ts';

/**
 * The two SQS calls a batch makes (dead-letter a record with its reason, back a retry off): an SQSClient in Lambda,
 * the twin's queues in simulated time (twin/wiring.ts routes each command to its SimQueue by URL).
 */
export interface SqsCommands {
  send(command: SendMessageCommand | ChangeMessageVisibilityCommand): Promise<unknown>;
}

export interface BatchOptions {
  sqs: SqsCommands;
  deadLetterQueueUrl: string;
  /** The redrive policy's maxReceiveCount: the attempt that may not fail again. */
  maxAttempts: number;
  /** Records handled at once; keep 1 where records of a batch must not race. */
  concurrency?: number;
}

export type RecordHandler = (record: SQSRecord) => Promise<void>;

/**
 * The envelope Lambda builds: what this module reads of each record. Anything else is not an SQS event from Lambda;
 * it is refused whole (a record without a readable id cannot be reported, retried or dead-lettered on its own).
 */
const sqsEnvelope = z.object({
  Records: z.array(z.looseObject({
    messageId: z.string().min(1),
    receiptHandle: z.string(),
    body: z.string(),
    attributes: z.looseObject({ ApproximateReceiveCount: z.string().regex(/^\d+$/).optional(), SentTimestamp: z.string().optional() }),
    eventSourceARN: z.string(),
  })),
});

/** Refuses what is not an SQS event from Lambda (a ValidationError), before anything of it is recorded. */
export function checkSqsEvent(event: unknown): SQSEvent {
  parseWith(sqsEnvelope, event, 'SQS event');
  return event as SQSEvent;
}

export async function processSqsBatch(event: SQSEvent, handle: RecordHandler, opts: BatchOptions): Promise<SQSBatchResponse> {
  checkSqsEvent(event);
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  const queue = [...event.Records];
  const worker = async () => {
    for (let record = queue.shift(); record !== undefined; record = queue.shift()) {
      if (!(await processRecord(record, handle, opts))) failures.push({ itemIdentifier: record.messageId });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, worker));
  return { batchItemFailures: failures };
}

async function processRecord(record: SQSRecord, handle: RecordHandler, opts: BatchOptions): Promise<boolean> {
  const attempt = Number(record.attributes.ApproximateReceiveCount ?? '1');
  try {
    await handle(record);
    return true;
  } catch (error) {
    const permanent = isPermanent(error);
    if (permanent || attempt >= opts.maxAttempts) {
      logger.warn('record sent to the dead-letter queue', { messageId: record.messageId, attempt, reason: describeError(error) });
      return deadLetter(record, error, attempt, opts);
    }
    logger.info('record will be retried', { messageId: record.messageId, attempt, reason: describeError(error) });
    await backOff(record, attempt, opts);
    return false;
  }
}

async function deadLetter(record: SQSRecord, error: unknown, attempt: number, opts: BatchOptions): Promise<boolean> {
  try {
    await opts.sqs.send(new SendMessageCommand({
      QueueUrl: opts.deadLetterQueueUrl,
      MessageBody: record.body === '' ? '(empty body)' : sqsText(record.body),
      MessageAttributes: {
        reason: { DataType: 'String', StringValue: sqsText(describeError(error).slice(0, 1000)) },
        kind: { DataType: 'String', StringValue: isPermanent(error) ? 'permanent' : 'retries-exhausted' },
        attempts: { DataType: 'Number', StringValue: String(attempt) },
        sourceQueue: { DataType: 'String', StringValue: record.eventSourceARN },
      },
    }));
    return true;
  } catch (sendError) {
    // Leave it on the source queue; its redrive policy still moves it to the DLQ eventually.
    noteSwallowed('sqs-batch: dead-letter refused', sendError, { messageId: record.messageId, reason: describeError(error) });
    return false;
  }
}

async function backOff(record: SQSRecord, attempt: number, opts: BatchOptions): Promise<void> {
  const queueUrl = queueUrlFromArn(record.eventSourceARN, opts);
  if (queueUrl === undefined) return;
  const seconds = Math.min(900, 2 ** attempt * 5);
  // Without the backoff the record still comes back, after the queue's own visibility timeout: nothing is lost.
  await opts.sqs
    .send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: record.receiptHandle, VisibilityTimeout: seconds }))
    .catch((error: unknown) => noteSwallowed('sqs-batch: backoff not set', error, { messageId: record.messageId, attempt }));
}

/**
 * Text SQS accepts: it refuses a message with characters outside XML's (a lone surrogate, most control characters),
 * which a reason cut at 1,000 code units or quoting a bad body could otherwise carry; each becomes U+FFFD.
 */
function sqsText(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
}

/** The source queue's URL, in the same account and endpoint as the dead-letter queue's. */
function queueUrlFromArn(arn: string, opts: BatchOptions): string | undefined {
  const name = arn.split(':').at(-1);
  if (name === undefined) return undefined;
  return opts.deadLetterQueueUrl.replace(/[^/]+$/, name);
}

/**
 * The records of a batch that are done (processed or dead-lettered), as deliveries: SQS send time and receive count.
 * A record without a readable SentTimestamp (a hand-made event) says nothing about intake and is left out.
 */
export function deliveriesDone(event: SQSEvent, response: SQSBatchResponse): { sentAt: string; attempt: number }[] {
  const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
  return event.Records.flatMap((r) => {
    const sent = Number(r.attributes?.SentTimestamp);
    if (failed.has(r.messageId) || !Number.isFinite(sent)) return [];
    return [{ sentAt: new Date(sent).toISOString(), attempt: Number(r.attributes.ApproximateReceiveCount ?? '1') }];
  });
}
