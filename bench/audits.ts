/**
 * What an audit run and the advisory answer cost, in DynamoDB and SQS requests, as the fleet grows. Each size gets
 * its own table (an audit scans the whole table), seeded with the audit tests' varied fleet; then, measured:
 * - the run: auditStart's use case, and auditShard's behind an SQS poller (batches of one, as serverless.yml wires
 *   it), until AuditCompleted;
 * - `warden advisory add` for one image: the answer alone, the answer with the affected instances listed
 *   (`--json`), and with a fixed image, which also plans the roll and raises `vulnerable-image` on its first wave.
 */
import { SqsSegmentQueue } from '../shared/adapters/sqs/audit-queue.ts';
import { auditConfigFromEnv } from '../shared/runtime/audit-config.ts';
import { buildAuditDeps } from '../shared/runtime/audit-deps.ts';
import { ledgerStores, type RuntimeDeps } from '../shared/runtime/deps.ts';
import { parseJson, parseWith } from '../shared/runtime/parse.ts';
import { processSqsBatch } from '../shared/runtime/sqs-batch.ts';
import { segmentJobSchema } from '../shared/schemas/audits.ts';
import { addAdvisory } from '../shared/usecases/audits/advisories.ts';
import { auditShard } from '../shared/usecases/audits/audit-shard.ts';
import type { AuditDeps } from '../shared/usecases/audits/deps.ts';
import { startAuditRun } from '../shared/usecases/audits/start-run.ts';
import { startPoller } from '../local/sqs-poller.ts';
import { aFleet, seedFleet } from '../test/integration/audits/fleet.ts';
import { CountingPublisher, measure, type BenchStack, type PhaseCounts } from './harness.ts';

const NOW = new Date('2026-03-04T12:00:00.000Z');
/** The code's default (deployed stages set 64): each segment is one message and one shard invocation. */
const SEGMENTS = 16;
const POLLERS = 4;
/** About a sixth of the seeded fleet runs it (half the Redis instances). */
const AFFECTED = 'redis-7:2024.06.1';
const FIXED = 'redis-7:2024.09.1';

export interface AuditRow {
  instances: number;
  segments: number;
  audited: number;
  findings: number;
  conditionsRaised: number;
  run: PhaseCounts;
  affected: number;
  answer: PhaseCounts;
  listing: PhaseCounts & { listed: number };
  roll: PhaseCounts & { waves: number; firstWave: number };
}

export async function benchAudits(base: BenchStack, instances: number): Promise<AuditRow> {
  const stack = await base.fresh(`audit${instances}`);
  const events = new CountingPublisher();
  const deps = auditDeps(stack, events);
  await seedFleet(stack.doc, stack.table, aFleet(instances, NOW));

  const run = await measure(stack, events, () => auditRun(stack, deps, events));
  const latest = await deps.runs.latest();
  const advisory = { affects: [AFFECTED], severity: 'high' as const };
  let affected = 0;
  const answer = await measure(stack, events, async () => void ({ affected: { total: affected } } = await addAdvisory(deps, { id: 'CVE-BENCH-1', ...advisory })));
  let listed = 0;
  const listing = await measure(stack, events, async () => void (listed = (await addAdvisory(deps, { id: 'CVE-BENCH-2', ...advisory, list: true })).instances?.length ?? 0));
  let rolled = { waves: 0, firstWave: 0 };
  const roll = await measure(stack, events, async () => {
    const out = await addAdvisory(deps, { id: 'CVE-BENCH-3', ...advisory, fixedImage: FIXED });
    rolled = { waves: out.roll?.totalWaves ?? 0, firstWave: out.roll?.current?.steps ?? 0 };
  });
  return {
    instances,
    segments: SEGMENTS,
    audited: latest?.summary?.instancesAudited ?? 0,
    findings: latest?.summary?.findings ?? 0,
    conditionsRaised: latest?.totals?.conditionsRaised ?? 0,
    run,
    affected,
    answer,
    listing: { ...listing, listed },
    roll: { ...roll, ...rolled },
  };
}

/** Starts a run and lets shard pollers work the audit queue, as Lambda would, until the run has completed. */
async function auditRun(stack: BenchStack, deps: AuditDeps, events: CountingPublisher): Promise<void> {
  await startAuditRun(deps, { trigger: 'schedule', requestedBy: 'bench', causeId: 'bench', at: NOW });
  const options = { sqs: stack.sqs, deadLetterQueueUrl: stack.queueUrl('AuditDeadLetterQueue'), maxAttempts: 5 };
  const pollers = Array.from({ length: POLLERS }, () => startPoller({
    sqs: stack.sqs,
    queueUrl: stack.queueUrl('AuditQueue'),
    queueArn: stack.resources.AuditQueue?.attrs.Arn ?? '',
    region: 'us-east-1',
    batchSize: 1,
    reportBatchItemFailures: true,
    invoke: (event) => processSqsBatch(event, async (record) => {
      await auditShard(deps, parseWith(segmentJobSchema, parseJson(record.body, 'audit segment job'), 'audit segment job'));
    }, options),
    onError: (error) => console.error('audit bench: poller', error),
  }));
  try {
    await events.waitFor(['AuditCompleted'], 1, 300_000);
  } finally {
    await Promise.all(pollers.map((p) => p.stop()));
  }
}

/** The audit functions' dependencies, built by the runtime's own wiring on the bench's counted clients. */
function auditDeps(stack: BenchStack, events: CountingPublisher): AuditDeps {
  const { doc, table } = stack;
  const base: RuntimeDeps = { ...ledgerStores(doc, table), events, clock: () => NOW };
  const config = auditConfigFromEnv({ AUDIT_SEGMENTS: String(SEGMENTS) });
  return buildAuditDeps(base, doc, table, config, new SqsSegmentQueue(stack.sqs, stack.queueUrl('AuditQueue')));
}
