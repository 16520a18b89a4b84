/**
 * Moves one task on as far as it can go in this run: ask the playbook what is next, apply it, record it, and
 * repeat until the task ends, parks (held or waiting), waits for a probe, or the run's time is up.
 */
import type { Instance } from '../../domain/instance.ts';
import type { Decision } from '../../domain/playbooks/decision.ts';
import { nextAction } from '../../domain/playbooks/next-action.ts';
import { recordOutcome } from '../../domain/playbooks/record-outcome.ts';
import { act } from './act.ts';
import { loadContext } from './context.ts';
import { abandon, escalate, obsolete, succeed } from './finish.ts';
import type { Next, TaskRun } from './run.ts';
import { settle } from './settle.ts';
import { verify } from './verify.ts';

/** A playbook has a handful of steps and attempts; more decisions than this in one run means a bug, not work. */
const MAX_DECISIONS = 25;

export async function advance(run: TaskRun): Promise<Next> {
  for (let i = 0; i < MAX_DECISIONS; i++) {
    if (Date.now() >= run.options.stopStartingAt) return { kind: 'continue', delaySeconds: 0 };
    const now = run.deps.clock();
    const playbook = run.deps.playbooks.byName.get(run.task.playbook);
    if (playbook === undefined) return abandon(run, `playbook ${run.task.playbook} is no longer deployed`, now);
    const context = await loadContext(run.deps, run.task.instanceId, run.task.condition);
    const next = await apply(run, nextAction(run.task, playbook, context, now), context.instance, now);
    if (next !== undefined) return next;
  }
  return abandon(run, `it took more than ${MAX_DECISIONS} decisions in one run`, run.deps.clock());
}

async function apply(run: TaskRun, d: Decision, instance: Instance, now: Date): Promise<Next | undefined> {
  switch (d.kind) {
    case 'done':
      return { kind: 'ended' };
    case 'obsolete':
      return obsolete(run, now, d.reason);
    case 'act':
      return act(run, d, instance, now);
    case 'verify':
      return verify(run, d, now);
    case 'skip-step':
      await run.save(recordOutcome(run.task, d, now), run.running(now));
      return undefined;
    default:
      if (d.settle !== null) await settle(run, d.settle, d.reason);
      if (d.kind === 'succeed') return succeed(run, d, now);
      if (d.kind === 'escalate') return escalate(run, d, now);
      await run.save(recordOutcome(run.task, d, now), run.running(now));
      return undefined;
  }
}
