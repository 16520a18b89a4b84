/**
 * Paging for a task that needs a human: one page per instance while its escalation is open, folded into the
 * page of an open incident covering it (shared/domain/remediation/escalation.ts has the rule).
 */
import { escalationRaised, type TriedStep } from '../../domain/events.ts';
import type { ConditionRecord } from '../../domain/instance.ts';
import { routeEscalation } from '../../domain/remediation/escalation.ts';
import type { WorkerDeps } from './deps.ts';
import type { TaskRun } from './run.ts';

export interface EscalationPage {
  severity: 'critical' | 'warning';
  summary: string;
  reason: string;
  tried: readonly TriedStep[];
}

/** Where the page went instead of out: an incident's page, or the instance's open escalation. */
export type Folded = { into: 'incident'; incidentId: string } | { into: 'instance'; escalationTaskId: string };

/** Pages for `run`'s task, or folds it; undefined when it paged. A redelivery pages again under the same key. */
export async function raiseEscalation(run: TaskRun, page: EscalationPage, now: Date): Promise<Folded | undefined> {
  const { deps, task } = run;
  const escalating = { taskId: task.id, instanceId: task.instanceId, condition: task.condition, placement: run.stored.placement };
  // Tasks of one instance run one at a time, so a conflict is rare; after a second one, page rather than lose it.
  for (let tries = 0; tries < 2; tries++) {
    const [incidents, current, conditions] = await Promise.all([
      deps.incidents.list(),
      deps.escalations.get(task.instanceId),
      conditionsOf(deps, task.instanceId),
    ]);
    const route = routeEscalation(escalating, incidents, current, conditions, now);
    if (route.kind === 'fold-incident') return { into: 'incident', incidentId: route.incident.id };
    if ((await deps.escalations.save(route.escalation, current)) === 'changed') continue;
    if (route.kind === 'fold-instance') return { into: 'instance', escalationTaskId: route.escalation.taskId };
    break;
  }
  await deps.events.publish([escalationRaised({ ...run.facts(now), kind: 'instance', ...page }, `escalation#${task.id}`)]);
  return undefined;
}

/** How a folded escalation reads in the task's result and its RemediationFailed event. */
export function describeFold(folded: Folded, instanceId: string): string {
  return folded.into === 'incident'
    ? `folded into the page of incident ${folded.incidentId}`
    : `folded into the open escalation of ${instanceId} (task ${folded.escalationTaskId}), which paged already`;
}

/** The fields RemediationFailed carries for a folded escalation. */
export function foldFacts(folded: Folded | undefined): { incidentId?: string; escalationTaskId?: string } {
  if (folded === undefined) return {};
  return folded.into === 'incident' ? { incidentId: folded.incidentId } : { escalationTaskId: folded.escalationTaskId };
}

/** A task abandoned because its instance is gone still pages; it covers no condition. */
async function conditionsOf(deps: WorkerDeps, instanceId: string): Promise<Record<string, ConditionRecord>> {
  return (await deps.store.find(instanceId))?.conditions ?? {};
}
