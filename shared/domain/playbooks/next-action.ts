import { ValidationError } from '../errors.ts';
import type { FleetAction } from '../fleet.ts';
import type { ActDecision, Decision, EscalateDecision, VerifyDecision } from './decision.ts';
import { describeTried, summarizeAttempts } from './summary.ts';
import { currentAttempt, idempotencyKey, TERMINAL_STATUSES, verifiedSteps } from './task.ts';
import type { AttemptRecord, RemediationTask } from './task.ts';
import type { ActionStep, Playbook, RemediationContext, StepContext } from './types.ts';
import { LEAVING_SERVICE } from '../lifecycle.ts';
import { afterFailure, afterVerified } from './step-end.ts';

function escalation(
  task: RemediationTask,
  playbook: Playbook,
  why: string,
  settle: EscalateDecision['settle'],
): EscalateDecision {
  const last = playbook.steps.at(-1);
  const severity = last?.kind === 'page' ? last.severity : 'critical';
  const tried = summarizeAttempts(task);
  return { kind: 'escalate', severity, tried, settle, reason: `${why}. Tried: ${describeTried(tried)}` };
}

/** A playbook deployed after planning may have other steps; indexes would then point at the wrong step. */
function drift(task: RemediationTask, playbook: Playbook): string | undefined {
  const now = playbook.steps.map((s) => s.kind).join(' -> ');
  const then = task.steps.join(' -> ');
  return now === then ? undefined : `playbook ${playbook.name} changed since this task was planned (${then}, now ${now})`;
}

function act(task: RemediationTask, step: ActionStep, context: StepContext, recorded?: AttemptRecord): ActDecision {
  const key = idempotencyKey(task.id, step.kind, task.attempt);
  const params = step.params?.(context);
  const fresh: FleetAction = { kind: step.kind, instanceId: task.instanceId, idempotencyKey: key };
  if (params !== undefined) fresh.params = params;
  return {
    kind: 'act',
    step: step.kind,
    stepIndex: task.stepIndex,
    attempt: task.attempt,
    // A redelivery re-sends exactly what was sent before, even if the world (and so the params) changed.
    action: recorded?.action ?? fresh,
    enter: step.lifecycle.during,
    verify: step.verify,
    reason: `${step.kind} ${task.instanceId} (attempt ${task.attempt} of ${step.maxAttempts}) for ${task.condition}`,
  };
}

function verify(task: RemediationTask, step: ActionStep, record: AttemptRecord): VerifyDecision {
  return {
    kind: 'verify',
    step: step.kind,
    stepIndex: task.stepIndex,
    attempt: task.attempt,
    instanceId: record.probeInstanceId ?? task.instanceId,
    require: step.verify.require,
    deadline: record.deadline ?? new Date(0).toISOString(),
    reason: `verify ${step.kind} of ${task.instanceId}`,
  };
}

function start(task: RemediationTask, step: ActionStep, context: StepContext): Decision {
  for (const precondition of step.preconditions) {
    const check = precondition.check(context);
    if (!check.ok) return { kind: 'skip-step', step: step.kind, stepIndex: task.stepIndex, reason: check.reason };
  }
  return act(task, step, context);
}

/**
 * Decides what to do next for one remediation task. Pure and repeatable: asked twice about the same
 * task it answers the same, so a redelivered message re-sends the same action with the same
 * idempotency key. The caller applies safety (`decideExecution`) before acting, and records every
 * decision except `verify` and `done` with `recordOutcome`.
 *
 * @example
 *   const playbook = playbooks.byName.get(task.playbook); // undefined: the playbook was removed, fail the task
 *   if (playbook) decision = nextAction(task, playbook, { instance, peers, currentImage }, now);
 * @throws ValidationError when `playbook` is not the task's playbook.
 */
export function nextAction(task: RemediationTask, playbook: Playbook, context: RemediationContext, now: Date): Decision {
  if (playbook.name !== task.playbook) {
    const issue = `task ${task.id} runs playbook ${task.playbook}, not ${playbook.name}`;
    throw new ValidationError('remediation task', [issue]);
  }
  if (TERMINAL_STATUSES.has(task.status)) return { kind: 'done', status: task.status };
  const record = currentAttempt(task);
  // An attempt in flight or just verified finishes (a verified replace retires the instance it replaced); otherwise
  // an instance that left service has nothing left to remedy, and nobody is paged about it.
  if (LEAVING_SERVICE.has(context.instance.state) && record?.outcome !== 'in-progress' && record?.outcome !== 'verified') {
    const reason = `obsolete: ${task.instanceId} is ${context.instance.state}, so ${task.condition} needs no remedy. Tried: ${describeTried(summarizeAttempts(task))}`;
    return { kind: 'obsolete', reason };
  }
  const changed = drift(task, playbook);
  if (changed !== undefined) return escalation(task, playbook, changed, null);
  const step = playbook.steps[task.stepIndex];
  if (step === undefined || step.kind === 'page') {
    const why = `playbook ${playbook.name} is exhausted for ${task.condition} on ${task.instanceId}`;
    return escalation(task, playbook, why, null);
  }
  const stepContext: StepContext = { ...context, now, verifiedSteps: verifiedSteps(task) };
  switch (record?.outcome) {
    case 'verified':
      return afterVerified(task, playbook, step);
    case 'failed': {
      const next = afterFailure(task, playbook, step, record);
      return next.kind === 'stop' ? escalation(task, playbook, next.reason, next.settle) : next;
    }
    case 'in-progress':
      return record.actedAt === undefined ? act(task, step, stepContext, record) : verify(task, step, record);
    default:
      return start(task, step, stepContext);
  }
}
