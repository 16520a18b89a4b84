import type { AdvanceDecision, RetryStepDecision, SucceedDecision } from './decision.ts';
import type { AttemptRecord, RemediationTask } from './task.ts';
import type { ActionStep, Playbook } from './types.ts';

/** The playbook stops here: the caller turns this into an escalation that lists what was tried. */
export interface Stop {
  kind: 'stop';
  reason: string;
  settle: ActionStep['lifecycle']['failed'];
}

function advance(
  task: RemediationTask,
  playbook: Playbook,
  settle: AdvanceDecision['settle'],
  why: string,
): AdvanceDecision {
  const stepIndex = task.stepIndex + 1;
  const from = playbook.steps[task.stepIndex]?.kind ?? 'page';
  const to = playbook.steps[stepIndex]?.kind ?? 'page';
  return { kind: 'advance', from, to, stepIndex, settle, reason: `${why}; next: ${to}` };
}

/** The current step was verified: the task succeeds, or moves on when the step leaves work to do. */
export function afterVerified(
  task: RemediationTask,
  playbook: Playbook,
  step: ActionStep,
): SucceedDecision | AdvanceDecision {
  const settle = step.lifecycle.verified;
  if (step.onVerified === 'next') return advance(task, playbook, settle, `${step.kind} verified`);
  return {
    kind: 'succeed',
    step: step.kind,
    stepIndex: task.stepIndex,
    settle,
    reason: `${task.condition} on ${task.instanceId} remediated: ${step.kind} verified (attempt ${task.attempt})`,
  };
}

/** The current attempt failed (including "acted but not verified"): retry, move on, or stop. */
export function afterFailure(
  task: RemediationTask,
  playbook: Playbook,
  step: ActionStep,
  record: AttemptRecord,
): RetryStepDecision | AdvanceDecision | Stop {
  const settle = step.lifecycle.failed;
  const why = record.reason ?? 'it failed';
  if (task.attempt < step.maxAttempts) {
    const attempt = task.attempt + 1;
    const reason = `${step.kind} attempt ${task.attempt} of ${step.maxAttempts} failed (${why}); trying attempt ${attempt}`;
    return { kind: 'retry-step', step: step.kind, stepIndex: task.stepIndex, attempt, settle, reason };
  }
  const exhausted = `${step.kind} failed all ${step.maxAttempts} attempt(s), the last because ${why}`;
  if (step.onExhausted === 'escalate') return { kind: 'stop', reason: `${exhausted}, and the playbook stops there`, settle };
  return advance(task, playbook, settle, exhausted);
}
