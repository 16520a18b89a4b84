/**
 * Lifecycle transitions around a step, through the ledger (`changeState`), each caused by the attempt that
 * needs it, so a redelivery records it once. Reasons name the task and the step: `warden show` reads as the
 * remediation's log.
 */
import type { ActDecision } from '../../domain/playbooks/decision.ts';
import type { LifecycleState } from '../../domain/instance.ts';
import { isLegalTransition } from '../../domain/lifecycle.ts';
import { changeState } from '../ledger.ts';
import { SYSTEM_ACTOR, type TaskRun } from './run.ts';

const why = (run: TaskRun, text: string) => `remediation ${run.task.id} (${run.task.playbook}): ${text}`;

/** Moves the instance into the state the step runs in (`restart`, `upgrading`); illegal moves throw. */
export async function enter(run: TaskRun, d: ActDecision): Promise<void> {
  const to = d.enter;
  if (to === null) return;
  await changeState(run.deps, run.task.instanceId, { kind: 'remediation', id: `${d.action.idempotencyKey}:enter` }, (instance) =>
    instance.state === to ? undefined : { to, reason: why(run, d.reason), actor: SYSTEM_ACTOR },
  );
}

/**
 * Moves the instance where an ended step leaves it (`available`, `unavailable`, `retiring`). Already there, or
 * moved elsewhere by someone else: nothing to do. A verified replacement also drains the old instance to `retired`.
 */
export async function settle(run: TaskRun, to: LifecycleState, reason: string): Promise<void> {
  const { task } = run;
  const attemptId = `${task.id}:${task.stepIndex}:${task.attempt}`;
  for (const state of to === 'retiring' ? (['retiring', 'retired'] as const) : [to]) {
    await changeState(run.deps, task.instanceId, { kind: 'remediation', id: `${attemptId}:${state}` }, (instance) => {
      if (instance.state === state || !isLegalTransition(instance.state, state)) return undefined;
      const text = state === 'retired' ? 'drained after its replacement took over' : reason;
      return { to: state, reason: why(run, text), actor: SYSTEM_ACTOR };
    });
  }
}
