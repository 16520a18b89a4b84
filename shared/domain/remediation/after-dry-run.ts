/**
 * Conditions left standing by dry run. A task that ended `dry-run` because dry run was on (for the fleet, or for
 * its playbook) leaves its condition raised, and a repeat of the same raise finds the same, ended, task: without
 * more, that instance would get no remediation and no page once dry run is off. So such a task is noted, and
 * once dry run is no longer in force for its playbook, the planner's tick plans the condition afresh, if it still
 * stands as it was, as a new task whose cause is the condition's plus a marker: exactly once per raise, however
 * often dry run is switched on and off. Tasks planned as a dry run (`warden remediate --dry-run`) are not noted:
 * they were asked for, and clear their condition when they end.
 */
import type { Cause } from '../instance.ts';
import { dryRunReason, type DryRunConfig } from '../safety/dry-run.ts';

/** A task that ended `dry-run` under the fleet's or its playbook's dry run, with the condition it answered. */
export interface DryRunEnded {
  taskId: string;
  instanceId: string;
  condition: string;
  playbook: string;
  /** When the condition it answered was raised: planned afresh only if that raise still stands. */
  raisedAt: string;
  endedAt: string;
}

/** The cause of the task planned for a condition once dry run is off (the condition's dedupeKey, marked). */
export function afterDryRunCause(instanceId: string, condition: string, raisedAt: string): Cause {
  return { kind: 'condition', id: `${instanceId}#${condition}#${raisedAt}#after-dry-run` };
}

/**
 * The noted tasks whose playbook is no longer under dry run, whose conditions are to be planned afresh.
 *
 * @example
 *   dueAfterDryRun(ended, { global: false, playbooks: ['disk-full'] }) // those of every playbook but disk-full
 */
export function dueAfterDryRun(ended: readonly DryRunEnded[], config: DryRunConfig): DryRunEnded[] {
  return ended.filter((entry) => dryRunReason(config, entry.playbook) === undefined);
}
