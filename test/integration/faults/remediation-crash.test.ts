/**
 * Crash points of the remediation worker: the worker dies at the k-th SDK call of its first run, for every k (the
 * calls after the fleet acted included), and the task is delivered again, as the agenda would once the dead run's
 * lease lapsed. Every task must end succeeded, and the fleet must have acted once per task: the restart's
 * idempotency key holds across the crash.
 */
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { TERMINAL_STATUSES } from '../../../shared/domain/playbooks/task.ts';
import { remediationRecordHandler } from '../../../shared/runtime/remediation-record.ts';
import { processSqsBatch } from '../../../shared/runtime/sqs-batch.ts';
import { planFromCondition } from '../../../shared/usecases/remediation/plan.ts';
import { availableInstances, harness, raise, type Harness } from '../remediation/harness.ts';
import { callSites, instrument, observe, type Call, type Observation } from './calls.ts';
import { FULL, record as recordRow, TIMEOUT_MS } from './results.ts';

const LEASE_MS = 60_000;

const record = (body: unknown, messageId: string, receiveCount: number): SQSRecord => ({
  messageId,
  receiptHandle: messageId,
  body: JSON.stringify(body),
  attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:remediation',
  awsRegion: 'us-east-1',
});

async function plannedTask(h: Harness, id: string): Promise<string> {
  await availableInstances(h, [{ id, service: 'postgres', zone: 'us-east-1a', cellId: `cell-${id}` }]);
  h.fleet.crash(id);
  const plan = await planFromCondition(h.deps, await raise(h, id, 'down'));
  if (!('taskId' in plan)) throw new Error(`test setup: ${plan.reason}`);
  return plan.taskId;
}

/** One delivery of a task message to the worker function's batch handling; its calls observed, maybe crashed. */
async function deliver(h: Harness, body: unknown, messageId: string, receiveCount: number, fault?: Observation['fault']) {
  const handle = remediationRecordHandler(h.deps, 5, () => LEASE_MS);
  return observe(() => processSqsBatch({ Records: [record(body, messageId, receiveCount)] }, handle, { sqs: h.stack.sqs, deadLetterQueueUrl: h.dlqUrl, maxAttempts: 5 }), fault);
}

/** Delivers the task's current message (with its continuation, if any) until the task ends; each after some time. */
async function driveToEnd(h: Harness, taskId: string, calls: Call[]): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const stored = await h.deps.tasks.find(taskId);
    if (stored === undefined) return 'missing';
    if (TERMINAL_STATUSES.has(stored.task.status)) return stored.task.status;
    h.clock.advance(5);
    const continuation = stored.continuation?.token;
    const { observation } = await deliver(h, { taskId, ...(continuation === undefined ? {} : { continuation }) }, `drive-${i}`, 1);
    calls.push(...observation.calls);
  }
  return (await h.deps.tasks.find(taskId))?.task.status ?? 'missing';
}

describe('the remediation worker dying at every call', () => {
  it('resumes each task to success, and the fleet acts once per task', async () => {
    const h = await harness();
    instrument(h.stack.doc, 'dynamodb');
    instrument(h.stack.sqs, 'sqs');
    const cleanId = 'pg-clean-0';
    const cleanTask = await plannedTask(h, cleanId);
    const first = await deliver(h, { taskId: cleanTask }, 'clean-first', 1);
    const calls = [...first.observation.calls];
    expect(await driveToEnd(h, cleanTask, calls)).toBe('succeeded');
    const k = first.observation.calls.length;

    const failures: string[] = [];
    // Every call with `npm run faults`; inside `npm test`, every eighth and the last (each point is a whole task).
    const points = Array.from({ length: k }, (_, i) => i + 1).filter((at) => FULL || at % 8 === 1 || at === k);
    let crashedRuns = 0;
    for (const at of points) {
      const id = `pg-crash-${at}`;
      const taskId = await plannedTask(h, id);
      const crashed = await deliver(h, { taskId }, `first-${at}`, 1, { at, kind: 'crash' });
      const site = crashed.observation.calls[at - 1];
      if (crashed.observation.crashed) crashedRuns += 1;
      h.clock.advance((2 * LEASE_MS) / 1000 + 10); // the dead run's lease (kept for twice its length on failure) lapses
      const status = await driveToEnd(h, taskId, []);
      const acted = h.fleet.actionsPerformed({ instanceId: id });
      if (status !== 'succeeded' || acted !== 1) failures.push(`crash at call ${at} (${site?.service} ${site?.command}): ${status}, fleet acted ${acted} time(s)`);
    }
    recordRow({ part: 'crash', subject: 'remediation task (worker)', cases: points.length, crashes: 0, lost: failures.filter((f) => !f.includes('acted 1 ')).length, doubleEffects: failures.filter((f) => /acted [2-9]/.test(f)).length, sitesFound: callSites(first.observation.calls).size, sitesCovered: callSites(first.observation.calls).size, notes: `${k} calls in the first run, crashed at ${points.length} of them` });
    expect(crashedRuns).toBe(points.length);
    expect(failures).toEqual([]);
  }, FULL ? TIMEOUT_MS : 300_000);
});
