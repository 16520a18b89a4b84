import type { StepSummary } from './decision.ts';
import type { RemediationTask } from './task.ts';

/** What each step that ran or was skipped came to, in playbook order. */
export function summarizeAttempts(task: RemediationTask): StepSummary[] {
  const byStep = new Map<number, StepSummary>();
  for (const record of task.attempts) {
    if (record.outcome === 'in-progress' || record.outcome === 'dry-run') continue;
    const previous = byStep.get(record.stepIndex);
    const attempts = record.outcome === 'skipped' ? (previous?.attempts ?? 0) : (previous?.attempts ?? 0) + 1;
    const summary: StepSummary = { step: record.step, attempts, outcome: record.outcome };
    if (record.reason !== undefined) summary.lastReason = record.reason;
    byStep.set(record.stepIndex, summary);
  }
  return [...byStep.entries()].sort(([a], [b]) => a - b).map(([, summary]) => summary);
}

function describeStep(summary: StepSummary): string {
  const why = summary.lastReason === undefined ? '' : ` (${summary.lastReason})`;
  if (summary.outcome === 'skipped') return `${summary.step} skipped${why}`;
  const times = summary.attempts === 1 ? '1 attempt' : `${summary.attempts} attempts`;
  return `${summary.step} ${summary.outcome} after ${times}${summary.outcome === 'failed' ? why : ''}`;
}

/** "restart failed after 2 attempts (healthy is false); failover skipped (pg-1 is a standalone, not a primary)". */
export function describeTried(tried: readonly StepSummary[]): string {
  return tried.length === 0 ? 'nothing was tried' : tried.map(describeStep).join('; ');
}
