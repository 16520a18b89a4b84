/**
 * Finishing a run: whoever records the last segment merges the segments' summaries (with the previous run,
 * for "what changed"), stores the run's summary by a conditional update, and publishes AuditCompleted. Two
 * deliveries racing here both compute the same summary; one update wins, and both publish the event with
 * the same dedupeKey, since the winner may die before publishing (at-least-once, never less).
 */
import { AuditRunNotFoundError } from '../../domain/audit-runs/errors.ts';
import { addTotals, type AuditRun } from '../../domain/audit-runs/run.ts';
import { DependencyUnavailableError } from '../../domain/errors.ts';
import { auditCompleted, type AuditRunFacts } from '../../domain/events.ts';
import { mergeSummaries } from '../../domain/compliance/merge.ts';
import type { AuditDeps } from './deps.ts';

/** `pending`: segments are still running; `completed`: this call completed the run; `already`: it was. */
export type FinalizeOutcome = 'pending' | 'completed' | 'already';

export async function finalizeIfDone(deps: AuditDeps, runId: string): Promise<FinalizeOutcome> {
  const run = await deps.runs.get(runId);
  if (run === undefined) throw new AuditRunNotFoundError(runId);
  if (run.status === 'completed') {
    await publish(deps, run);
    return 'already';
  }
  if (run.completedShards < run.totalSegments) return 'pending';
  const shards = await deps.runs.shards(runId);
  if (shards.length !== run.totalSegments) {
    throw new DependencyUnavailableError(`audit run ${runId} (${shards.length} of ${run.totalSegments} shard results readable)`);
  }
  const previous = await deps.runs.previousCompleted(runId);
  const summary = mergeSummaries(
    shards.map((s) => s.summary),
    deps.config.checks,
    previous?.summary,
  );
  const done = { summary, totals: addTotals(shards), finishedAt: deps.clock().toISOString() };
  const outcome = await deps.runs.complete(runId, done);
  const final = outcome === 'completed' ? { ...run, ...done, status: 'completed' as const } : await deps.runs.get(runId);
  if (final !== undefined) await publish(deps, final);
  return outcome;
}

async function publish(deps: AuditDeps, run: AuditRun): Promise<void> {
  const facts = runFacts(run);
  if (facts !== undefined) await deps.events.publish([auditCompleted(facts)]);
}

export function runFacts(run: AuditRun): AuditRunFacts | undefined {
  const { summary, totals, finishedAt } = run;
  if (summary === undefined || totals === undefined || finishedAt === undefined) return undefined;
  return {
    runId: run.runId,
    startedAt: run.startedAt,
    finishedAt,
    instancesAudited: summary.instancesAudited,
    instancesPassing: summary.instancesPassing,
    passRatePct: summary.passRatePct,
    findings: summary.findings,
    urgentInstances: summary.urgentInstances,
    conditionsRaised: totals.conditionsRaised,
    bySeverity: summary.bySeverity,
  };
}
