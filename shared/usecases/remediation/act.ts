/**
 * The `act` decision: safety first (freeze, incident, breaker, dry run, budget: `decideExecution`), then the
 * attempt is recorded, the budget slot taken atomically with that record, the instance moved into the step's
 * state, and only then is the provider called, with the attempt's idempotency key.
 */
import { describeError, isPermanent } from '../../domain/errors.ts';
import type { Instance } from '../../domain/instance.ts';
import type { ActDecision } from '../../domain/playbooks/decision.ts';
import { recordOutcome, type Fact } from '../../domain/playbooks/record-outcome.ts';
import { currentAttempt } from '../../domain/playbooks/task.ts';
import { budgetLimits } from '../../domain/remediation/fleet-size.ts';
import { startedActing } from '../../domain/remediation/task-view.ts';
import { remediationStarted } from '../../domain/events.ts';
import { decideExecution } from '../../domain/safety/decide.ts';
import { dryRun, obsolete } from './finish.ts';
import { hold, notBefore, wait, waitForBudget } from './park.ts';
import type { Next, TaskRun } from './run.ts';
import { safetySnapshot, type Snapshot } from './safety-snapshot.ts';
import { enter } from './settle.ts';

export async function act(run: TaskRun, d: ActDecision, instance: Instance, now: Date): Promise<Next | undefined> {
  const { deps, task } = run;
  const condition = instance.conditions?.[task.condition];
  // A redelivered attempt (recorded, maybe performed) goes on; only a new attempt checks the condition still stands.
  if (currentAttempt(task) === undefined && condition === undefined) return obsolete(run, now);
  if (condition?.notBefore !== undefined && Date.parse(condition.notBefore) > now.getTime()) {
    return notBefore(run, `not before ${condition.notBefore} (${condition.source})`, condition.notBefore, now);
  }
  const snapshot = await safetySnapshot(deps, run.stored, now);
  const candidate = {
    instance,
    playbook: task.playbook,
    action: d.step,
    taskDryRun: task.dryRun,
    alreadyInFlight: run.stored.budget !== undefined,
  };
  const safety = decideExecution(candidate, snapshot, deps.settings.safety, now);
  if (safety.kind === 'hold') return hold(run, safety, snapshot, now);
  if (safety.kind === 'wait') return wait(run, safety.reason, now);
  if (safety.kind === 'dry-run') return dryRun(run, d, safety.reason, condition, now);
  return perform(run, d, snapshot, now);
}

async function perform(run: TaskRun, d: ActDecision, snapshot: Snapshot, now: Date): Promise<Next | undefined> {
  const { deps, task } = run;
  const budget = deps.settings.safety.budget;
  const needsSlot = run.stored.budget === undefined && !budget.exemptActions.includes(d.step);
  const acting = recordOutcome(task, d, now);
  const limits = needsSlot ? budgetLimits(run.stored.placement, snapshot.fleetSize, budget) : undefined;
  const saved = await run.save(acting, run.running(now), limits === undefined ? {} : { limits });
  if (saved === 'budget-exhausted') return waitForBudget(run, d, snapshot, now);
  if (startedActing(task, acting)) {
    const { action } = d;
    await deps.events.publish([remediationStarted({ ...run.facts(now), step: d.step, attempt: d.attempt, idempotencyKey: action.idempotencyKey })]);
  }
  // Evidence the provider stamps in the very millisecond the request went out is still after it (ISO times have
  // millisecond precision, and "after acting" is strict), so the action counts from just before it was sent.
  const sentAt = new Date(deps.clock().getTime() - 1);
  const fact = await performAction(run, d);
  await run.save(recordOutcome(run.task, fact, sentAt), run.running(deps.clock()));
  return undefined;
}

/** The provider's answer as a fact. Transient failures are retried by the queue, except on its last delivery. */
async function performAction(run: TaskRun, d: ActDecision): Promise<Fact> {
  try {
    await enter(run, d);
    return { kind: 'acted', receipt: await run.deps.provider.perform(d.action) };
  } catch (error) {
    if (isPermanent(error)) return { kind: 'action-failed', reason: describeError(error) };
    if (run.options.finalDelivery) return { kind: 'action-failed', reason: `${describeError(error)} (on the last delivery)` };
    throw error;
  }
}
