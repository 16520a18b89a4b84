/** Reading runs back: a run's progress, and a finished run's report (the latest run unless one is named). */
import { AuditRunNotFinishedError, AuditRunNotFoundError, NoAuditRunsError } from '../../domain/audit-runs/errors.ts';
import type { AuditRun, RunTotals } from '../../domain/audit-runs/run.ts';
import type { RunSummary } from '../../domain/compliance/types.ts';
import type { AuditDeps } from './deps.ts';

export interface RunStatusView {
  runId: string;
  status: AuditRun['status'];
  trigger: AuditRun['trigger'];
  requestedBy: string;
  startedAt: string;
  finishedAt?: string;
  totalSegments: number;
  completedShards: number;
  totals?: RunTotals;
  /** Headline numbers once the run is complete. */
  instancesAudited?: number;
  findings?: number;
  passRatePct?: number;
}

export interface RunReport {
  runId: string;
  startedAt: string;
  finishedAt: string;
  totals: RunTotals;
  summary: RunSummary;
}

export async function findRun(deps: Pick<AuditDeps, 'runs'>, runId?: string): Promise<AuditRun> {
  const run = runId === undefined ? await deps.runs.latest() : await deps.runs.get(runId);
  if (run !== undefined) return run;
  throw runId === undefined ? new NoAuditRunsError() : new AuditRunNotFoundError(runId);
}

export async function auditStatus(deps: Pick<AuditDeps, 'runs'>, runId?: string): Promise<RunStatusView> {
  const { summary, ...run } = await findRun(deps, runId);
  if (summary === undefined) return run;
  return { ...run, instancesAudited: summary.instancesAudited, findings: summary.findings, passRatePct: summary.passRatePct };
}

/**
 * The named run's report, or the newest completed run's: while a run is going, the last finished one is what
 * there is to read.
 *
 * @throws AuditRunNotFinishedError when the named run (or, with none completed yet, the newest) is still going.
 */
export async function auditReport(deps: Pick<AuditDeps, 'runs'>, runId?: string): Promise<RunReport> {
  const run = (runId === undefined ? await deps.runs.latestCompleted() : undefined) ?? (await findRun(deps, runId));
  const { summary, totals, finishedAt } = run;
  if (run.status !== 'completed' || summary === undefined || totals === undefined || finishedAt === undefined) {
    throw new AuditRunNotFinishedError(run.runId, run.completedShards, run.totalSegments);
  }
  return { runId: run.runId, startedAt: run.startedAt, finishedAt, totals, summary };
}
