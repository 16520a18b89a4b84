/**
 * One shard of an audit run: audit one scan segment, store its findings, raise the conditions they ask for,
 * record the segment's result once, and finalize the run if this was the last segment.
 *
 * Exactly once: the segment's counts live only in its shard marker, written in the same transaction that
 * adds one to the run's completed shards and only if absent. A retried or duplicated delivery rewrites the
 * same finding items, raises nothing new, and finds the marker already there.
 */
import { AuditRunNotFoundError } from '../../domain/audit-runs/errors.ts';
import type { AuditRun, SegmentJob, ShardResult } from '../../domain/audit-runs/run.ts';
import { evaluateSegment } from '../../domain/audit-runs/segment.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { AuditDeps } from './deps.ts';
import { finalizeIfDone, type FinalizeOutcome } from './finalize-run.ts';
import { raiseFindings } from './raise-findings.ts';
import { rollingAdvisories, segmentContext } from './segment-context.ts';

export interface ShardOutcome {
  runId: string;
  segment: number;
  /** `skipped`: the segment was already recorded, by an earlier delivery. */
  outcome: 'recorded' | 'duplicate' | 'skipped';
  run: FinalizeOutcome;
  result?: ShardResult;
}

export async function auditShard(deps: AuditDeps, job: SegmentJob): Promise<ShardOutcome> {
  const run = await deps.runs.get(job.runId);
  if (run === undefined) throw new AuditRunNotFoundError(job.runId);
  checkJob(job, run);
  if (run.status === 'completed' || (await deps.runs.shardDone(run.runId, job.segment))) {
    return { runId: run.runId, segment: job.segment, outcome: 'skipped', run: await finalizeIfDone(deps, run.runId) };
  }
  const result = await auditSegment(deps, run, job.segment);
  const recorded = await deps.runs.recordShard(result, run.startedAt);
  return { runId: run.runId, segment: job.segment, outcome: recorded, run: await finalizeIfDone(deps, run.runId), result };
}

function checkJob(job: SegmentJob, run: AuditRun): void {
  if (job.totalSegments === run.totalSegments && job.segment < run.totalSegments) return;
  throw new ValidationError('audit segment job', [
    `segment ${job.segment} of ${job.totalSegments} does not fit run ${run.runId}, which has ${run.totalSegments} segments`,
  ]);
}

async function auditSegment(deps: AuditDeps, run: AuditRun, segment: number): Promise<ShardResult> {
  const [read, advisories] = await Promise.all([deps.scanner.segment(segment, run.totalSegments), deps.advisories.list()]);
  const ctx = await segmentContext(deps, read.instances, advisories);
  const audit = evaluateSegment(read.instances, deps.config.checks, ctx, new Date(run.startedAt));
  await deps.findings.write(run.runId, segment, [...audit.findings.values()].flat(), run.startedAt);
  const instances = new Map(read.instances.map((i) => [i.id, i]));
  const raised = await raiseFindings(deps, instances, audit.findings, { runId: run.runId, rolling: rollingAdvisories(advisories) });
  return {
    runId: run.runId,
    segment,
    audited: audit.audited,
    scanned: audit.scanned,
    conditionsRaised: raised.raised,
    leftToRolls: raised.leftToRolls,
    summary: audit.summary,
    recordedAt: deps.clock().toISOString(),
  };
}
