/**
 * One heartbeat round as AWS carries it: every cell's agent sends its report alone (one SendMessage, as an agent
 * on a host does), and the heartbeat function takes them in batches the way Lambda's event source mapping does
 * (a receive of up to `batchSize`, the reports recorded as the handler does: the steady ones paged together when
 * `deps.paging` is set, the others a few at once; one DeleteMessageBatch). Counted: SQS requests by
 * operation, DynamoDB requests and units, invocations, and how long each invocation's work took (informational,
 * on DynamoDB Local; the cost tool uses it for Lambda's GB-seconds).
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { loadServerlessConfig } from '../local/serverless-config.ts';
import { HEARTBEAT_RECORDS_IN_FLIGHT } from '../shared/runtime/detection-deps.ts';
import { mapLimit } from '../shared/lib/map-limit.ts';
import { cellReportSchema, type CellReport } from '../shared/schemas/heartbeats.ts';
import { recordCellReports, type HeartbeatDeps } from '../shared/usecases/heartbeats.ts';
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
      await recordCellReports(deps, messages.map((m) => cellReportSchema.parse(JSON.parse(m.Body ?? ''))), HEARTBEAT_RECORDS_IN_FLIGHT);
      times.push(performance.now() - started);
      await stack.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })) }));
    }
  });
  times.sort((a, b) => a - b);
  return { ...counts, reports: reports.length, invocations: times.length, msPerInvocation: Math.round(times[Math.floor(times.length / 2)] ?? 0) };
}

/**
 * Several rounds measured one by one, as one: counts added, and the invocation time the mean of the rounds' medians
 * weighted by their invocations (Lambda bills every invocation: a cycle of three fast rounds and a slower one costs
 * their mean, not the median of the four).
 */
export function sumIngest(rounds: readonly IngestCounts[]): IngestCounts {
  const add = (a: Record<string, number>, b: Record<string, number>) => {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const invocations = rounds.reduce((n, r) => n + r.invocations, 0);
  const weighted = invocations === 0 ? 0 : Math.round(rounds.reduce((n, r) => n + r.msPerInvocation * r.invocations, 0) / invocations);
  return rounds.reduce((a, r) => ({
    dynamodb: add(a.dynamodb, r.dynamodb),
    sqs: add(a.sqs, r.sqs),
    units: add(a.units, r.units),
    dynamodbRequests: a.dynamodbRequests + r.dynamodbRequests,
    sqsRequests: a.sqsRequests + r.sqsRequests,
    readUnits: a.readUnits + r.readUnits,
    writeUnits: a.writeUnits + r.writeUnits,
    putEvents: a.putEvents + r.putEvents,
    ms: a.ms + r.ms,
    reports: a.reports + r.reports,
    invocations: a.invocations + r.invocations,
    msPerInvocation: a.msPerInvocation,
  }), { dynamodb: {}, sqs: {}, units: {}, dynamodbRequests: 0, sqsRequests: 0, readUnits: 0, writeUnits: 0, putEvents: 0, ms: 0, reports: 0, invocations: 0, msPerInvocation: weighted });
}
