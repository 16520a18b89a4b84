/**
 * Starting an audit run: record it, then fan it out, one message per scan segment. A start delivered twice
 * (a retried schedule event) finds its run already recorded and sends the segments again, which is harmless:
 * a segment already audited is skipped by its shard.
 */
import { newRunId, segmentJobs, type AuditRun, type RunTrigger } from '../../domain/audit-runs/run.ts';
import type { AuditDeps } from './deps.ts';

export interface StartRequest {
  trigger: RunTrigger;
  /** The schedule rule or the engineer. */
  requestedBy: string;
  /** What caused this start (a scheduled event's id, an operator request id): the same cause, the same run. */
  causeId: string;
  /** When the run starts; the audit judges every instance as of this instant. */
  at: Date;
}

export interface StartOutcome {
  outcome: 'started' | 'resumed' | 'already-completed';
  run: AuditRun;
}

export async function startAuditRun(deps: AuditDeps, request: StartRequest): Promise<StartOutcome> {
  const run: AuditRun = {
    runId: newRunId(request.at, request.causeId),
    status: 'running',
    trigger: request.trigger,
    requestedBy: request.requestedBy,
    startedAt: request.at.toISOString(),
    totalSegments: deps.config.segments,
    completedShards: 0,
  };
  const created = await deps.runs.create(run);
  const current = created === 'created' ? run : ((await deps.runs.get(run.runId)) ?? run);
  if (current.status === 'completed') return { outcome: 'already-completed', run: current };
  await deps.segments.sendSegments(segmentJobs(current.runId, current.totalSegments));
  return { outcome: created === 'created' ? 'started' : 'resumed', run: current };
}
