/**
 * The planner's tick plans afresh the conditions dry run left standing, once dry run is no longer in force for
 * their playbook (shared/domain/remediation/after-dry-run.ts has the rule).
 */
import { afterDryRunCause, dueAfterDryRun, type DryRunEnded } from '../../domain/remediation/after-dry-run.ts';
import type { PlannerDeps } from './deps.ts';
import { planCondition } from './plan.ts';

/** Returns how many tasks it planned. */
export async function planAfterDryRun(deps: PlannerDeps): Promise<number> {
  const due = dueAfterDryRun(await deps.tasks.dryRunEnded(), deps.settings.safety.dryRun);
  let planned = 0;
  for (const entry of due) {
    if (await planOne(deps, entry)) planned += 1;
    // Planned, found planned by an earlier tick, or nothing left to plan: either way the note has done its work.
    await deps.tasks.forgetDryRunEnded(entry.taskId);
  }
  return planned;
}

async function planOne(deps: PlannerDeps, entry: DryRunEnded): Promise<boolean> {
  const instance = await deps.store.find(entry.instanceId);
  const record = instance?.conditions?.[entry.condition];
  // Cleared since (nothing to fix), or raised afresh (that raise was planned on its own).
  if (instance === undefined || record?.raisedAt !== entry.raisedAt) return false;
  const cause = afterDryRunCause(entry.instanceId, entry.condition, entry.raisedAt);
  const outcome = await planCondition(deps, instance, entry.condition, record, cause);
  return outcome.outcome === 'planned';
}
