/** Work that may not act now: held (freeze, incident, breaker) or waiting (budget, not-before). Never dropped. */
import { escalationRaised } from '../../domain/events.ts';
import type { ActDecision } from '../../domain/playbooks/decision.ts';
import { recordOutcome } from '../../domain/playbooks/record-outcome.ts';
import { after, type HoldRef } from '../../domain/remediation/agenda.ts';
import { checkBudget } from '../../domain/safety/budget.ts';
import type { ExecutionDecision } from '../../domain/safety/decide.ts';
import { pageOnce } from './pages.ts';
import type { Next, TaskRun } from './run.ts';
import type { Snapshot } from './safety-snapshot.ts';

const PARKED: Next = { kind: 'parked' };

function holdRef(scope: Extract<ExecutionDecision, { kind: 'hold' }>['scope']): HoldRef {
  if (scope.kind === 'freeze') return { kind: 'freeze', id: scope.freezeId };
  if (scope.kind === 'incident') return { kind: 'incident', id: scope.incidentId };
  return { kind: 'breaker', playbook: scope.playbook };
}

/** Held: the tick wakes the task when its freeze or incident ends (or at the backstop); a breaker pages once. */
export async function hold(run: TaskRun, decision: Extract<ExecutionDecision, { kind: 'hold' }>, snapshot: Snapshot, now: Date): Promise<Next> {
  const { deps, task } = run;
  const ref = holdRef(decision.scope);
  const freeze = ref.kind === 'freeze' ? snapshot.freezes.find((f) => f.id === ref.id) : undefined;
  const backstop = after(now, deps.settings.timings.holdRecheckSeconds);
  const dueAt = freeze !== undefined && freeze.expiresAt < backstop ? freeze.expiresAt : backstop;
  await run.save(recordOutcome(task, { kind: 'held', reason: decision.reason }, now), run.entry('held', dueAt, ref));
  if (decision.page !== undefined) {
    const { key, summary } = decision.page;
    const event = escalationRaised({ kind: 'breaker', severity: 'critical', summary, playbook: task.playbook, at: now.toISOString() }, `escalation#${key}`);
    await pageOnce(deps, key, event);
  }
  return PARKED;
}

/** Waiting for budget: the tick sends the task again once a slot is free in its scopes. */
export async function wait(run: TaskRun, reason: string, now: Date): Promise<Next> {
  const { service, zone } = run.stored.placement;
  const entry = { ...run.entry('waiting', after(now, run.deps.settings.timings.waitRecheckSeconds)), budget: { service, zone } };
  await run.save(recordOutcome(run.task, { kind: 'waiting', reason }, now), entry);
  return PARKED;
}

/** Not before a given time (a finding scheduled into a maintenance window): the tick sends it again then. */
export async function notBefore(run: TaskRun, reason: string, until: string, now: Date): Promise<Next> {
  await run.save(recordOutcome(run.task, { kind: 'waiting', reason }, now), run.entry('not-before', until));
  return PARKED;
}

/** The atomic counters refused the slot (a concurrent task took the last one): wait, saying where it is full. */
export async function waitForBudget(run: TaskRun, d: ActDecision, snapshot: Snapshot, now: Date): Promise<Next> {
  const { service, zone } = run.stored.placement;
  const counts = await run.deps.tasks.inFlight(service, zone);
  const inFlight = { fleet: counts.fleet, service: { [service]: counts.service }, zone: { [zone]: counts.zone } };
  const candidate = { instanceId: run.task.instanceId, service, zone, actionKind: d.step };
  const decision = checkBudget(candidate, inFlight, snapshot.fleetSize, run.deps.settings.safety.budget);
  const reason = decision.kind === 'wait' ? decision.reason : 'waiting for blast-radius budget: another task took the last slot';
  return wait(run, reason, now);
}
