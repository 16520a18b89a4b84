/**
 * Audits end to end on the local stack (functions wired from serverless.yml): `warden audit run` through the
 * operator, segments through the audit queue and its poller into auditShard, AuditCompleted on the bus, and the
 * report as text, JSON and a self-contained HTML file. Also what at-least-once and bad input do on that path.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { BusEvent } from '../../../local/event-bus.ts';
import type { RunReport, RunStatusView } from '../../../shared/usecases/audits/reports.ts';
import { startStackUnderTest, type StackUnderTest } from '../../support/local-stack.ts';
import { LOCAL_CREDENTIALS } from '../../support/stack.ts';
import { aFleet, seedFleet } from './fleet.ts';

const AWS_EVENTS = '../shared/aws-events';
const SEGMENTS = 4;
const FLEET = 600;

let sut: StackUnderTest;
let sqs: SQSClient;
const busEvents: BusEvent[] = [];
const queue = (id: string) => String(sut.stack.resources[id]?.ref);

beforeAll(async () => {
  sut = await startStackUnderTest({ environment: { POWERTOOLS_LOG_LEVEL: 'ERROR', AUDIT_SEGMENTS: String(SEGMENTS) } });
  sut.stack.bus.onEvent((event) => busEvents.push(event));
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint: inject('dynamodbEndpoint'), credentials: LOCAL_CREDENTIALS });
  sqs = new SQSClient({ region: 'us-east-1', endpoint: inject('sqsEndpoint'), credentials: LOCAL_CREDENTIALS });
  await seedFleet(DynamoDBDocumentClient.from(client), String(sut.stack.resources.LedgerTable?.ref), aFleet(FLEET, new Date(), 'w'));
});

afterAll(async () => {
  await sut.stack.stop();
});

async function json<T>(...argv: string[]): Promise<T> {
  const { code, out } = await sut.warden(...argv, '--json');
  expect(code, `warden ${argv.join(' ')}`).toBe(0);
  return JSON.parse(out) as T;
}

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function completed(runId: string): Promise<RunStatusView> {
  return until(() => json<RunStatusView>('audit', 'status', runId), (s) => s.status === 'completed');
}

async function drained(queueId: string): Promise<void> {
  await until(async () => {
    const out = await sqs.send(new GetQueueAttributesCommand({
      QueueUrl: queue(queueId),
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }));
    return Number(out.Attributes?.ApproximateNumberOfMessages) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible);
  }, (n) => n === 0, 20_000);
}

async function failing(...argv: string[]): Promise<{ code: number; said: string }> {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const { code } = await sut.warden(...argv);
  const said = errors.mock.calls.flat().join(' ');
  errors.mockRestore();
  return { code, said };
}

let firstRun: string;

describe('warden audit on the local stack', () => {
  it('says plainly that there is no report before the first run', async () => {
    expect(await failing('audit', 'report')).toMatchObject({ code: 1, said: expect.stringContaining('no audit has run yet') });
  });

  it('runs an audit through the audit queue to completion and announces it', async () => {
    const started = await json<{ runId: string; segments: number }>('audit', 'run');
    expect(started.segments).toBe(SEGMENTS);
    firstRun = started.runId;
    const status = await completed(firstRun);
    const audited = aFleet(FLEET, new Date(), 'w').filter((i) => !['installing', 'retired'].includes(i.state)).length;
    expect(status).toMatchObject({ status: 'completed', completedShards: SEGMENTS, instancesAudited: audited, totals: { scanned: FLEET } });
    await until(async () => busEvents.filter((e) => e['detail-type'] === 'AuditCompleted'), (e) => e.length > 0, 5_000);
    const announced = busEvents.find((e) => e['detail-type'] === 'AuditCompleted');
    expect(announced).toMatchObject({ source: 'fleetwarden', detail: { runId: firstRun, instancesAudited: audited, dedupeKey: `audit#${firstRun}` } });
  });

  it('reports the latest run per check and per service, as text, JSON and a self-contained HTML file', async () => {
    const report = await json<RunReport>('audit', 'report');
    expect(report.runId).toBe(firstRun);
    expect(report.summary.checks.map((c) => c.check)).toContain('backups.recent');
    expect(report.summary.services.map((s) => s.service)).toEqual(['postgres', 'redis', 'kafka']);
    expect(report.summary.changes).toBeNull();
    const text = await sut.warden('audit', 'report', firstRun);
    expect(text.out).toContain('Worst offenders');
    const file = join(mkdtempSync(join(tmpdir(), 'audit-')), 'report.html');
    expect((await sut.warden('audit', 'report', '--html', file)).code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(firstRun);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org)/);
  });

  it('ignores a segment delivered again after the run completed', async () => {
    const before = await json<RunStatusView>('audit', 'status', firstRun);
    await sqs.send(new SendMessageCommand({ QueueUrl: queue('AuditQueue'), MessageBody: JSON.stringify({ runId: firstRun, segment: 2, totalSegments: SEGMENTS }) }));
    await drained('AuditQueue');
    expect(await json<RunStatusView>('audit', 'status', firstRun)).toEqual(before);
  });

  it('sends a segment job it cannot use to the audit dead-letter queue with the reason', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queue('AuditQueue'), MessageBody: JSON.stringify({ runId: 'nope', segment: 0 }) }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queue('AuditQueue'), MessageBody: JSON.stringify({ runId: 'run-20990101-000000-abcdef', segment: 0, totalSegments: 4 }) }));
    await drained('AuditQueue');
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue('AuditDeadLetterQueue'), MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }));
    const reasons = (out.Messages ?? []).map((m) => m.MessageAttributes?.reason?.StringValue ?? '');
    expect(reasons).toEqual(expect.arrayContaining([
      expect.stringContaining('invalid audit segment job'),
      expect.stringContaining('no audit run run-20990101-000000-abcdef'),
    ]));
  });

  it('answers an unknown or malformed run id with a specific error', async () => {
    expect(await failing('audit', 'status', 'run-20990101-000000-abcdef')).toMatchObject({ code: 1, said: expect.stringContaining('no audit run run-20990101-000000-abcdef') });
    expect(await failing('audit', 'report', 'latest-please')).toMatchObject({ code: 1, said: expect.stringContaining('must be a run id') });
    expect((await failing('audit', 'frobnicate')).code).toBe(2);
    expect((await failing('audit', 'run', 'extra')).code).toBe(2);
  });

  it('finds an advisory in the next run, leaves it to the roll, and reports what changed', async () => {
    const added = await json<{ affected: { total: number }; roll: { totalWaves: number } }>(
      'advisory', 'add', 'CVE-2026-0001', '--affects', 'redis-7:2024.06.1', '--fixed-image', 'redis-7:2024.09.1', '--severity', 'high', '--yes',
    );
    expect(added.affected.total).toBeGreaterThan(0);
    const second = (await json<{ runId: string }>('audit', 'run')).runId;
    const status = await completed(second);
    const report = await json<RunReport>('audit', 'report', second);
    const images = report.summary.checks.find((c) => c.check === 'security.image-advisories');
    expect(images?.failing).toBeGreaterThan(0);
    expect(status.totals?.leftToRolls).toBe(images?.failing);
    expect(report.summary.changes?.newlyFailing).toContain('security.image-advisories');
  });

  it('follows a run with --wait: a progress bar of segments redrawn in place, then the status', async () => {
    const written: string[] = [];
    const { code, out } = await sut.wardenWith({ tty: true, write: (t) => written.push(t), sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 200))) }, 'audit', 'run', '--wait');
    expect(code).toBe(0);
    expect(written.length).toBeGreaterThan(0);
    expect(written.at(-1)).toBe('\n');
    expect(written.slice(0, -1).every((w) => w.startsWith('\r\u001b[2K') && /^segments \[[#-]{30}\] \d+ of \d+$/.test(w.slice(5)))).toBe(true);
    expect(written.join('')).toContain(`[${'#'.repeat(30)}] ${SEGMENTS} of ${SEGMENTS}\n`);
    expect(out).toMatch(/over \d+ segments\n\u001b\[1mrun-\S+\u001b\[22m {2}\u001b\[32mcompleted/);
    expect(out).toMatch(/audited \d+ instances: \d+ findings/);
    const piped = await sut.warden('audit', 'run', '--wait', '--json');
    expect(JSON.parse(piped.out)).toMatchObject({ status: 'completed', completedShards: SEGMENTS, totalSegments: SEGMENTS });
  });

  it('follows an advisory roll with --watch, wave by wave, redrawn in place', async () => {
    const frames: string[] = [];
    let polls = 0;
    const stop = new Error('stop watching');
    const io = { tty: true, write: (t: string) => void frames.push(t), sleep: async () => { polls += 1; if (polls === 3) throw stop; } };
    const watched = await sut.wardenWith(io, 'advisory', 'show', 'CVE-2026-0001', '--watch').then(() => 'done', (error: unknown) => error);
    expect([stop, 'done']).toContain(watched);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.every((f) => f.startsWith('\u001b[H\u001b[2J') && /roll onto redis-7:2024\.09\.1: (wave \d+ of \d+|done)/.test(f))).toBe(true);
    if (watched === 'done') expect(frames.at(-1)).toMatch(/roll onto redis-7:2024\.09\.1: done/);
    else expect(frames.at(-1)).toContain('watching CVE-2026-0001; Ctrl-C stops');
  });

  it('starts a run from the real scheduled-event shapes, once per event, and refuses a wrong shape', async () => {
    const sample = (name: string) => JSON.parse(readFileSync(join(AWS_EVENTS, name), 'utf8')) as unknown;
    const rule = sample('eventbridge-scheduled-event-eventbridge-docs.json');
    const first = (await sut.stack.invoke('auditStart', rule)) as { runId: string; outcome: string };
    expect(first).toMatchObject({ outcome: 'started', runId: expect.stringMatching(/^run-20151008-165306-/) });
    expect(await sut.stack.invoke('auditStart', rule)).toMatchObject({ runId: first.runId, outcome: expect.stringMatching(/resumed|already-completed/) });
    const scheduler = (await sut.stack.invoke('auditStart', sample('eventbridge-scheduler-default-payload-powertools.json'))) as { runId: string };
    expect(scheduler.runId).toMatch(/^run-20250220-160300-/);
    await expect(sut.stack.invoke('auditStart', sample('eventbridge-scheduled-event-camelcase-detailType-lambda-dev-guide-java-sample.json')))
      .rejects.toThrow(/invalid scheduled event: detail-type/);
    await completed(first.runId);
    await completed(scheduler.runId);
  });
});

