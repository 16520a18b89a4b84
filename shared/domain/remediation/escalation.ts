/**
 * Escalations page per instance, not per task. The first task of an instance that needs a human pages; while
 * that escalation is open, later ones on the same instance (another condition, an abandoned task) are folded
 * into it instead of paging again. During a mass event, every escalation in the incident's scope is folded into
 * the incident's one page.
 *
 * The episode rule: an instance's escalation stays open while any condition it covers (the one it paged for,
 * and those folded into it) is still raised as it was then, and for at most a day. Once they have all cleared
 * (the instance is healthy again, or an engineer raised them afresh with `warden remediate`), or a day has
 * passed, the next escalation pages anew.
 */
import type { ConditionRecord, Instance } from '../instance.ts';
import { incidentCovering, type Incident } from '../safety/incident.ts';

/** An instance's escalation: the task whose page went out, and what it covers. */
export interface InstanceEscalation {
  instanceId: string;
  /** The task that paged; its page's dedupeKey is `escalation#<taskId>`. */
  taskId: string;
  openedAt: string;
  /** condition -> raisedAt, for every condition paged for or folded in. */
  covers: Record<string, string>;
  /** Tasks whose escalation was folded into this one. */
  folded: string[];
}

/** However long its conditions stand, an instance's escalation pages again after a day: someone may have missed it. */
export const ESCALATION_EPISODE_SECONDS = 24 * 3600;

export interface EscalatingTask {
  taskId: string;
  instanceId: string;
  condition: string;
  placement: Pick<Instance, 'zone' | 'region' | 'service'>;
}

export type EscalationRoute =
  /** Page, opening (or, for the task that opened it, re-sending) the instance's escalation. */
  | { kind: 'page'; escalation: InstanceEscalation }
  | { kind: 'fold-incident'; incident: Incident }
  | { kind: 'fold-instance'; escalation: InstanceEscalation };

/** Whether `escalation` is still open for an instance whose conditions are now `conditions`. */
export function escalationOpen(escalation: InstanceEscalation, conditions: Readonly<Record<string, ConditionRecord>>, now: Date): boolean {
  if (now.getTime() - Date.parse(escalation.openedAt) >= ESCALATION_EPISODE_SECONDS * 1000) return false;
  return Object.entries(escalation.covers).some(([condition, raisedAt]) => conditions[condition]?.raisedAt === raisedAt);
}

/**
 * Where a task's escalation goes: into an open incident covering the instance, into the instance's open
 * escalation, or out as a page (opening a new escalation). Pure; the caller stores the returned escalation
 * conditionally on the one it read.
 *
 * @example
 *   routeEscalation(task, [], current, instance.conditions ?? {}, now) // { kind: 'fold-instance', escalation } while current is open
 */
export function routeEscalation(
  task: EscalatingTask,
  incidents: readonly Incident[],
  current: InstanceEscalation | undefined,
  conditions: Readonly<Record<string, ConditionRecord>>,
  now: Date,
): EscalationRoute {
  const incident = incidentCovering(incidents, task.placement);
  if (incident !== undefined) return { kind: 'fold-incident', incident };
  const raisedAt = conditions[task.condition]?.raisedAt;
  const covers = raisedAt === undefined ? {} : { [task.condition]: raisedAt };
  if (current?.taskId === task.taskId) return { kind: 'page', escalation: current }; // a redelivery: same page, same key
  if (current !== undefined && escalationOpen(current, conditions, now)) {
    const folded = current.folded.includes(task.taskId) ? current.folded : [...current.folded, task.taskId];
    return { kind: 'fold-instance', escalation: { ...current, covers: { ...current.covers, ...covers }, folded } };
  }
  return { kind: 'page', escalation: { instanceId: task.instanceId, taskId: task.taskId, openedAt: now.toISOString(), covers, folded: [] } };
}
