import { DeleteMessageCommand, GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { QueueSender } from '../../../shared/adapters/sqs/queue-sender.ts';
import type { FleetProvider } from '../../../shared/domain/fleet.ts';
import { remediationRecordHandler } from '../../../shared/runtime/remediation-record.ts';
import { planFromCondition } from '../../../shared/usecases/remediation/plan.ts';
import { runPlannerTick } from '../../../shared/usecases/remediation/tick.ts';
import { runRemediation } from '../../../shared/usecases/remediation/worker.ts';
import { availableInstances, harness, peek, raise, startWorkers, until, type Harness } from './harness.ts';

async function queueDepth(h: Harness, url: string): Promise<number> {
  const out = await h.stack.sqs.send(new GetQueueAttributesCommand({
    QueueUrl: url,
    AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
  }));
  return Object.values(out.Attributes ?? {}).reduce((sum, n) => sum + Number(n), 0);
}

async function planned(h: Harness, instanceId: string, condition = 'down'): Promise<string> {
  const plan = await planFromCondition(h.deps, await raise(h, instanceId, condition));
  if (!('taskId' in plan)) throw new Error(`test setup: ${plan.reason}`);
  return plan.taskId;
}

/** Takes the planner's own message off the queue, so that the test decides every delivery. */
async function drain(h: Harness): Promise<void> {
  for (const message of await peek(h, h.queueUrl)) {
    await h.stack.sqs.send(new DeleteMessageCommand({ QueueUrl: h.queueUrl, ReceiptHandle: message.ReceiptHandle ?? '' }));
  }
}

const run = (h: Harness, taskId: string, token: string) =>
  runRemediation(h.deps, taskId, { token, leaseMs: 60_000, stopStartingAt: Date.now() + 30_000, finalDelivery: false });

/** A queue record as Lambda's event source mapping hands it to the worker. */
const record = (body: string, messageId: string): SQSRecord => ({
  messageId,
  receiptHandle: messageId,
  body,
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:remediation',
  awsRegion: 'us-east-1',
});

/** Counts the provider's probes and the worker's sends, so that a test can tell how many probe chains run. */
function counting(h: Harness) {
  const counts = { probes: 0, sent: [] as { taskId: string; delaySeconds?: number }[] };
  const queue = h.deps.queue;
  h.deps.queue = { send: async (messages) => void (counts.sent.push(...messages), await queue.send(messages)) };
  return counts;
}

const probeCounting = (counts: { probes: number }) => (inner: FleetProvider): FleetProvider => ({
  name: 'probe-counting',
  perform: (action) => inner.perform(action),
  probe: async (id) => {
    counts.probes += 1;
    return inner.probe(id);
  },
});

describe('delivering remediation work', () => {
  it('restarts a crashed instance once when the same message is delivered 1,000 times', async () => {
    // The restart takes a while, so that many deliveries arrive while the first is still acting.
    const h = await harness({ actionLatencyMs: 250 });
    await availableInstances(h, [{ id: 'pg-dup-1', service: 'postgres', zone: 'us-east-1a', cellId: 'cell-1' }]);
    h.fleet.crash('pg-dup-1');
    const taskId = await planned(h, 'pg-dup-1');
    await new QueueSender(h.stack.sqs, h.queueUrl).send(Array.from({ length: 999 }, () => ({ body: { taskId } })));
    const started = Date.now();
    const workers = startWorkers(h, 4);
    await until(() => queueDepth(h, h.queueUrl), (n) => n === 0, 30_000);
    await workers.stop();
    console.info(`1,000 deliveries of one task processed in ${Date.now() - started} ms`);
    expect(h.fleet.actionsPerformed({ instanceId: 'pg-dup-1' })).toBe(1);
    expect((await h.deps.tasks.find(taskId))?.task.status).toBe('succeeded');
    expect(h.events.ofType('RemediationSucceeded')).toHaveLength(1);
    expect(await queueDepth(h, h.dlqUrl)).toBe(0);
    expect((await h.stack.store.get('pg-dup-1')).state).toBe('available');
  }, 60_000);

  it('keeps one probe chain when the continuation of a verifying task is delivered many times', async () => {
    const probes = { probes: 0 };
    const h = await harness({ provider: probeCounting(probes) });
    await availableInstances(h, [{ id: 'pg-chain-1', service: 'postgres', zone: 'us-east-1a', cellId: 'cell-1' }]);
    h.fleet.crash('pg-chain-1');
    h.fleet.injectActionFault({ kind: 'restart', mode: 'no-effect' }); // verification goes on until its deadline
    const taskId = await planned(h, 'pg-chain-1');
    await drain(h);
    expect(await run(h, taskId, 'first-run')).toMatchObject({ outcome: 'continue', status: 'verifying' });
    const [continuation] = await until(() => peek(h, h.queueUrl), (m) => m.length === 1);
    await drain(h);
    const counts = counting(h);
    const handle = remediationRecordHandler(h.deps, 5, () => 60_000);
    const body = continuation?.Body ?? '';

    // The same message, 20 times at once and 20 times one after another: one run probes and continues, once.
    await Promise.all(Array.from({ length: 20 }, (_, i) => handle(record(body, `at-once-${i}`))));
    for (let i = 0; i < 20; i++) await handle(record(body, `in-turn-${i}`));
    expect(probes.probes).toBe(2);
    expect(counts.sent).toHaveLength(1);

    // A stray nudge without a token while that continuation is on its way is a duplicate too.
    await handle(record(JSON.stringify({ taskId }), 'planner-again'));
    expect(probes.probes).toBe(2);

    // The continuation is lost: once it is overdue the tick's nudge takes over, and the late copy is dropped.
    h.clock.advance(62);
    expect((await runPlannerTick(h.deps)).sent).toBe(1);
    const waiting: string[] = [];
    await until(async () => waiting.push(...(await peek(h, h.queueUrl)).map((m) => m.Body ?? '')), () => waiting.length >= 2);
    const late = waiting.find((b) => b.includes('continuation')) ?? '';
    await handle(record(waiting.find((b) => b !== late) ?? '', 'tick'));
    expect(probes.probes).toBe(3);
    expect(counts.sent).toHaveLength(3);
    await handle(record(late, 'late'));
    await handle(record(body, 'first-again'));
    expect(probes.probes).toBe(3);
    expect(counts.sent).toHaveLength(3);
    expect(h.fleet.actionsPerformed({ instanceId: 'pg-chain-1' })).toBe(1);
  });

  it('sends a poison message to the dead-letter queue with its reason, and does not retry it', async () => {
    const h = await harness();
    await h.stack.sqs.send(new SendMessageCommand({ QueueUrl: h.queueUrl, MessageBody: 'restart everything!' }));
    await h.stack.sqs.send(new SendMessageCommand({ QueueUrl: h.queueUrl, MessageBody: JSON.stringify({ taskId: 'rt-000000000000000000000000' }) }));
    const workers = startWorkers(h);
    const dead = await until(() => queueDepth(h, h.dlqUrl), (n) => n === 2);
    await workers.stop();
    expect(dead).toBe(2);
    const reasons = (await peek(h, h.dlqUrl)).map((m) => [m.Body, m.MessageAttributes?.reason?.StringValue, m.MessageAttributes?.kind?.StringValue]);
    expect(reasons).toEqual(expect.arrayContaining([
      ['restart everything!', expect.stringContaining('ValidationError: invalid remediation message: not valid JSON'), 'permanent'],
      ['{"taskId":"rt-000000000000000000000000"}', 'TaskNotFoundError: no remediation task rt-000000000000000000000000', 'permanent'],
    ]));
    expect(await queueDepth(h, h.queueUrl)).toBe(0);
  });

  it('resumes a task whose worker died mid-action exactly once, after its lease expired, without acting twice', async () => {
    let performs = 0;
    const dying = (inner: FleetProvider): FleetProvider => ({
      name: 'dies-once',
      probe: (id) => inner.probe(id),
      async perform(action) {
        performs += 1;
        const receipt = await inner.perform(action);
        // The first worker dies right after the fleet acted: it never records the receipt or releases its lease.
        return performs === 1 ? new Promise(() => undefined) : receipt;
      },
    });
    const h = await harness({ provider: dying });
    await availableInstances(h, [{ id: 'pg-crash-1', service: 'postgres', zone: 'us-east-1a', cellId: 'cell-1' }]);
    h.fleet.crash('pg-crash-1');
    const taskId = await planned(h, 'pg-crash-1');
    await drain(h);
    void run(h, taskId, 'first-run');
    await until(async () => h.fleet.actionsPerformed(), (n) => n === 1);

    expect(await run(h, taskId, 'redelivery-during-lease')).toMatchObject({ outcome: 'duplicate', status: 'acting' });
    h.clock.advance(30);
    expect((await runPlannerTick(h.deps)).sent).toBe(0);

    h.clock.advance(100); // past the lease (60 s) and the agenda's grace: the tick sends the task again, once
    expect((await runPlannerTick(h.deps)).sent).toBe(1);
    await new QueueSender(h.stack.sqs, h.queueUrl).send([{ body: { taskId } }]); // and a stray duplicate races it
    const workers = startWorkers(h, 2);
    const stored = await until(async () => h.deps.tasks.find(taskId), (t) => t?.task.status === 'succeeded');
    await workers.stop();

    expect(stored?.task.status).toBe('succeeded');
    expect(performs).toBe(2);
    expect(h.fleet.actionsPerformed({ instanceId: 'pg-crash-1' })).toBe(1);
    expect(stored?.task.attempts.map((a) => [a.step, a.attempt, a.outcome])).toEqual([['restart', 1, 'verified']]);
    expect((await runPlannerTick(h.deps)).agenda).toBe(0);
  });
});
