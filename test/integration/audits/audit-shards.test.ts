/**
 * An audit run over thousands of instances on the emulators, with the shards driven from the real audit queue
 * the way Lambda's SQS source would, including the deliveries at-least-once brings: a segment delivered twice
 * at the same time, a shard that dies after its work but before recording it, and the last two segments
 * racing to finish the run. Every instance must be counted exactly once.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLANS } from '../../../shared/domain/audits/plans.ts';
import { evaluateSegment } from '../../../shared/domain/audit-runs/segment.ts';
import type { SegmentJob } from '../../../shared/domain/audit-runs/run.ts';
import { indexClusters } from '../../../shared/domain/audits/clusters.ts';
import type { Instance } from '../../../shared/domain/instance.ts';
import { auditShard } from '../../../shared/usecases/audits/audit-shard.ts';
import { AuditRunNotFinishedError } from '../../../shared/domain/audit-runs/errors.ts';
import { auditReport, auditStatus } from '../../../shared/usecases/audits/reports.ts';
import { startAuditRun } from '../../../shared/usecases/audits/start-run.ts';
import { freshStack, type TestStack } from '../../support/stack.ts';
import { auditHarness, type Harness } from './deps.ts';
import { aFleet, seedFleet } from './fleet.ts';

const NOW = new Date('2026-03-04T12:00:00.000Z');
const FLEET = 2000;
const SEGMENTS = 6;

let stack: TestStack;
let h: Harness;
let fleet: Instance[];

beforeAll(async () => {
  stack = await freshStack();
  h = auditHarness(stack, { AUDIT_SEGMENTS: String(SEGMENTS) }, NOW.toISOString());
  fleet = aFleet(FLEET, NOW);
  await seedFleet(stack.doc, stack.tableName, fleet);
});

async function receiveAll(count: number): Promise<Message[]> {
  const messages: Message[] = [];
  for (let i = 0; i < 30 && messages.length < count; i++) {
    const out = await stack.sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.queueUrl('AuditQueue'), MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 120 }));
    messages.push(...(out.Messages ?? []));
  }
  return messages;
}

const jobOf = (message: Message) => JSON.parse(message.Body ?? '{}') as SegmentJob;

/** The whole fleet audited in one piece, by the pure domain: what the sharded run must add up to. */
function expectedSummary() {
  const ctx = { plans: DEFAULT_PLANS, advisories: [], clusters: indexClusters(fleet) };
  return evaluateSegment(fleet, h.deps.config.checks, ctx, NOW).summary;
}

describe('an audit run fanned out over the audit queue', () => {
  it('counts every instance exactly once across segments, through duplicates, a crash and a race to finish', async () => {
    const started = await startAuditRun(h.deps, { trigger: 'engineer', requestedBy: 'alice', causeId: 'req-1', at: NOW });
    const runId = started.run.runId;
    const messages = await receiveAll(SEGMENTS);
    expect(messages.map((m) => jobOf(m).segment).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const [m0, m1, ...rest] = [...messages].sort((a, b) => jobOf(a).segment - jobOf(b).segment);
    if (m0 === undefined || m1 === undefined) throw new Error('segments missing');

    // Segment 0 delivered twice at once: one delivery records it, the other finds it recorded.
    const twice = await Promise.all([auditShard(h.deps, jobOf(m0)), auditShard(h.deps, jobOf(m0))]);
    expect(twice.map((s) => s.outcome).sort()).toEqual(['duplicate', 'recorded']);

    // Segment 1's first attempt dies after its findings and conditions, before recording the segment.
    const dying = { ...h.deps, runs: Object.assign(Object.create(h.deps.runs) as typeof h.deps.runs, {
      recordShard: async () => {
        throw new Error('Lambda timed out');
      },
    }) };
    await expect(auditShard(dying, jobOf(m1))).rejects.toThrow('Lambda timed out');
    expect((await auditStatus(h.deps, runId)).completedShards).toBe(1);
    expect((await auditShard(h.deps, jobOf(m1))).outcome).toBe('recorded');

    // The rest (as Lambda would, side by side), the last two racing to finish the run.
    const last = rest.splice(-2);
    await Promise.all(rest.map((m) => auditShard(h.deps, jobOf(m))));
    const finishers = await Promise.all(last.map((m) => auditShard(h.deps, jobOf(m))));
    expect(finishers.map((f) => f.run)).toContain('completed');
    expect(finishers.filter((f) => f.run === 'completed')).toHaveLength(1);

    // And segment 0 once more, long after: nothing changes.
    expect((await auditShard(h.deps, jobOf(m0))).outcome).toBe('skipped');

    const status = await auditStatus(h.deps, runId);
    const audited = fleet.filter((i) => !['installing', 'retired'].includes(i.state)).length;
    expect(status).toMatchObject({ status: 'completed', completedShards: SEGMENTS, instancesAudited: audited });
    expect(status.totals?.scanned).toBe(FLEET);
    const report = await auditReport(h.deps, runId);
    expect(report.summary).toEqual(expectedSummary());
    console.info(`audit of ${FLEET} instances in ${SEGMENTS} segments (8 segment deliveries): ${report.summary.findings} findings, ` +
      `${status.totals?.conditionsRaised} conditions; audit-store requests ${JSON.stringify(h.requests)}`);
    for (const m of messages) await stack.sqs.send(new DeleteMessageCommand({ QueueUrl: stack.queueUrl('AuditQueue'), ReceiptHandle: m.ReceiptHandle }));
  });

  it('publishes AuditCompleted with one dedupe key however many deliveries finished the run', () => {
    const completed = h.events.ofType('AuditCompleted');
    expect(completed.length).toBeGreaterThanOrEqual(1);
    expect(new Set(completed.map((e) => e.dedupeKey)).size).toBe(1);
    expect(completed[0]?.detail).toMatchObject({ instancesAudited: expect.any(Number), conditionsRaised: expect.any(Number) });
  });

  it('stores every finding once and raises each condition once, from this run, scheduled by urgency', async () => {
    const run = await h.deps.runs.latest();
    if (run?.summary === undefined || run.totals === undefined) throw new Error('no completed run');
    const stored = await h.deps.findings.list(run.runId, run.totalSegments, 100_000);
    expect(stored).toHaveLength(run.summary.findings);
    const source = `audit:${run.runId}`;
    const raisedEvents = h.events.ofType('ConditionRaised').filter((e) => e.detail.source === source);
    const distinct = new Set(raisedEvents.map((e) => e.dedupeKey));
    expect(distinct.size).toBe(run.totals.conditionsRaised);
    // i-000003 never had a backup (urgent: now); i-000019's backup is 3 days old (the maintenance window).
    const never = await stack.store.get('i-000003');
    const stale = await stack.store.get('i-000019');
    expect(never.conditions?.['backup-stale']).toMatchObject({ source });
    expect(never.conditions?.['backup-stale']?.notBefore).toBeUndefined();
    expect(stale.conditions?.['backup-stale']).toMatchObject({ source, notBefore: '2026-03-08T03:00:00.000Z' });
  });

  it('starts a run once however often its schedule event is delivered', async () => {
    const at = new Date('2026-03-06T03:00:00Z');
    const first = await startAuditRun(h.deps, { trigger: 'schedule', requestedBy: 'rule', causeId: 'evt-3', at });
    const again = await startAuditRun(h.deps, { trigger: 'schedule', requestedBy: 'rule', causeId: 'evt-3', at });
    expect(again).toMatchObject({ outcome: 'resumed', run: { runId: first.run.runId } });
    const messages = await receiveAll(2 * SEGMENTS);
    expect(messages.filter((m) => jobOf(m).runId === first.run.runId)).toHaveLength(2 * SEGMENTS);
    for (const m of messages) await stack.sqs.send(new DeleteMessageCommand({ QueueUrl: stack.queueUrl('AuditQueue'), ReceiptHandle: m.ReceiptHandle }));
  });

  it('reports the newest completed run when none is named, while a newer run is still going', async () => {
    const [completed] = h.events.ofType('AuditCompleted');
    const going = await h.deps.runs.latest();
    if (completed === undefined || going === undefined) throw new Error('test setup: needs the runs above');
    expect(going.status).toBe('running');
    expect((await auditReport(h.deps)).runId).toBe(completed.detail.runId);
    await expect(auditReport(h.deps, going.runId)).rejects.toThrow(AuditRunNotFinishedError);
    expect((await auditStatus(h.deps)).runId).toBe(going.runId);
  });
});
