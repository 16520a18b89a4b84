/**
 * One heartbeat round as AWS carries it: every cell's agent sends its report alone (one SendMessage, as an agent
 * on a host does), and the heartbeat function takes them in batches the way Lambda's event source mapping does
 * (a receive of up to `batchSize`, the reports recorded as the handler does, a few at once, one DeleteMessageBatch). Counted: SQS requests by
 * operation, DynamoDB requests and units, invocations, and how long each invocation's work took (informational,
 * on DynamoDB Local; the cost tool uses it for Lambda's GB-seconds).
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { loadServerlessConfig } from '../local/serverless-config.ts';
import { HEARTBEAT_RECORDS_IN_FLIGHT } from '../shared/runtime/detection-deps.ts';
import { mapLimit } from '../shared/lib/map-limit.ts';
import { cellReportSchema, type CellReport } from '../shared/schemas/heartbeats.ts';
import { recordCellReport, type HeartbeatDeps } from '../shared/usecases/heartbeats.ts';
import { inParallel, measure, type BenchStack, type CountingPublisher, type PhaseCounts } from './harness.ts';

export interface IngestCounts extends PhaseCounts {
  reports: number;
  invocations: number;
  /** Median time of one invocation's work (parse and record its reports), informational. */
  msPerInvocation: number;
}

/** The heartbeat function's SQS batch size, as serverless.yml wires it. */
function heartbeatBatchSize(): number {
  const events = loadServerlessConfig({ stage: 'bench' }).functions.heartbeat?.events ?? [];
  const sqs = events.map((e) => e.sqs as { batchSize?: number } | undefined).find((e) => e !== undefined);
  return sqs?.batchSize ?? 10;
}

export async function ingestThroughQueue(stack: BenchStack, events: CountingPublisher, deps: HeartbeatDeps, reports: CellReport[]): Promise<IngestCounts> {
  const queueUrl = stack.queueUrl('HeartbeatQueue');
  const batchSize = heartbeatBatchSize();
  const times: number[] = [];
  const counts = await measure(stack, events, async () => {
    await inParallel(reports, 16, (report) => stack.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(report) })));
    for (;;) {
      const out = await stack.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: batchSize, WaitTimeSeconds: 0 }));
      const messages = out.Messages ?? [];
      if (messages.length === 0) return;
      const started = performance.now();
      await mapLimit(messages, HEARTBEAT_RECORDS_IN_FLIGHT, (m) => recordCellReport(deps, cellReportSchema.parse(JSON.parse(m.Body ?? ''))));
      times.push(performance.now() - started);
      await stack.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })) }));
    }
  });
  times.sort((a, b) => a - b);
  return { ...counts, reports: reports.length, invocations: times.length, msPerInvocation: Math.round(times[Math.floor(times.length / 2)] ?? 0) };
}
