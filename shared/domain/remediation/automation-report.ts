/**
 * The return on automation, from the ledger's remediation tasks over a window: conditions fixed without a human
 * against those handed to one, pages, time to recover, the actions taken, and the engineer time they stood for,
 * priced per action at stated minutes that can be changed. Pure.
 */
import { FLEET_ACTIONS, type FleetActionKind } from '../fleet.ts';
import type { RemediationTask } from '../playbooks/task.ts';
import { ValidationError } from '../errors.ts';

/**
 * What one action would have cost an engineer by hand, in minutes: noticing the page, getting to a terminal,
 * diagnosing, acting, and watching it recover. Stated so that a team can replace them with its own.
 */
export const DEFAULT_MINUTES_PER_ACTION: Readonly<Record<FleetActionKind, number>> = {
  restart: 20,
  failover: 45,
  replace: 60,
  'rebuild-replica': 60,
  'grow-storage': 30,
  'take-backup': 15,
  'rotate-credentials': 30,
  'enforce-tls': 30,
};

/** A task as the report reads it (`obsolete`: its condition cleared before anything was done). */
export type ReportedTask = Pick<RemediationTask, 'id' | 'condition' | 'status' | 'dryRun' | 'createdAt' | 'updatedAt' | 'attempts'> & { obsolete?: boolean };

export interface AutomationReport {
  window: { days: number; from: string; to: string };
  conditions: {
    /** Every remediation task created in the window, dry runs left out. */
    total: number;
    /** Verified fixed by automation: nobody had to act. */
    fixedWithoutHuman: number;
    /** Handed to a human: the playbook ran out (escalated) or could not run (failed). */
    escalated: number;
    failed: number;
    /** Cleared by itself before anything was done. */
    clearedBySelf: number;
    /** Still being worked on (or held by a safety rule) at the end of the window. */
    open: number;
    /** fixedWithoutHuman / (fixedWithoutHuman + escalated + failed), in percent; null when none ended. */
    automationRatePct: number | null;
  };
  byCondition: { condition: string; fixed: number; escalated: number; failed: number }[];
  pages: { total: number; escalatedTasks: number; incidents: number };
  /** From a task's creation (its condition raised) to its verified fix, for the tasks fixed without a human. */
  timeToRecoverSeconds: { p50: number | null; p90: number | null; count: number };
  actions: { kind: string; count: number; minutesEach: number; minutesSaved: number }[];
  /** Engineer time the fixes without a human stood for: their actions, priced at `minutesEach`. */
  hoursSaved: number;
  minutesPerAction: Record<string, number>;
}

/** `restart=15,replace=90` over the defaults. @throws ValidationError for an unknown kind or a bad number. */
export function minutesPerAction(overrides: Readonly<Record<string, number>> = {}): Record<string, number> {
  const issues: string[] = [];
  for (const [kind, minutes] of Object.entries(overrides)) {
    if (!(FLEET_ACTIONS as readonly string[]).includes(kind)) issues.push(`unknown action "${kind}"; the actions are ${FLEET_ACTIONS.join(', ')}`);
    else if (!Number.isFinite(minutes) || minutes < 0 || minutes > 24 * 60) issues.push(`${kind}: minutes must be between 0 and 1440, got ${minutes}`);
  }
  if (issues.length > 0) throw new ValidationError('minutes per action', issues);
  return { ...DEFAULT_MINUTES_PER_ACTION, ...overrides };
}

/** The nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
}

export function automationReport(
  input: { tasks: readonly ReportedTask[]; pagedIncidents: number; days: number; now: Date; minutes?: Readonly<Record<string, number>> },
): AutomationReport {
  const minutes = minutesPerAction(input.minutes);
  const from = new Date(input.now.getTime() - input.days * 86_400_000);
  const tasks = input.tasks.filter((t) => !t.dryRun && Date.parse(t.createdAt) >= from.getTime() && Date.parse(t.createdAt) <= input.now.getTime());
  const fixed = tasks.filter((t) => t.status === 'succeeded');
  const escalated = tasks.filter((t) => t.status === 'escalated');
  const failed = tasks.filter((t) => t.status === 'failed');
  const cleared = tasks.filter((t) => t.obsolete === true && !['succeeded', 'escalated', 'failed'].includes(t.status));
  const ended = fixed.length + escalated.length + failed.length;

  const conditions = new Map<string, { condition: string; fixed: number; escalated: number; failed: number }>();
  for (const t of [...fixed, ...escalated, ...failed]) {
    const row = conditions.get(t.condition) ?? { condition: t.condition, fixed: 0, escalated: 0, failed: 0 };
    if (t.status === 'succeeded') row.fixed += 1;
    else if (t.status === 'escalated') row.escalated += 1;
    else row.failed += 1;
    conditions.set(t.condition, row);
  }

  const recover = fixed.map((t) => (Date.parse(t.updatedAt) - Date.parse(t.createdAt)) / 1000).filter((s) => Number.isFinite(s) && s >= 0).sort((a, b) => a - b);
  const counts = new Map<string, number>();
  for (const t of fixed) for (const a of t.attempts) if (a.action !== undefined) counts.set(a.action.kind, (counts.get(a.action.kind) ?? 0) + 1);
  const actions = [...counts].map(([kind, count]) => ({ kind, count, minutesEach: minutes[kind] ?? 0, minutesSaved: count * (minutes[kind] ?? 0) }))
    .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));

  return {
    window: { days: input.days, from: from.toISOString(), to: input.now.toISOString() },
    conditions: {
      total: tasks.length,
      fixedWithoutHuman: fixed.length,
      escalated: escalated.length,
      failed: failed.length,
      clearedBySelf: cleared.length,
      open: tasks.length - ended - cleared.length,
      automationRatePct: ended === 0 ? null : Math.round((fixed.length / ended) * 1000) / 10,
    },
    byCondition: [...conditions.values()].sort((a, b) => b.fixed + b.escalated + b.failed - (a.fixed + a.escalated + a.failed) || a.condition.localeCompare(b.condition)),
    pages: { total: escalated.length + input.pagedIncidents, escalatedTasks: escalated.length, incidents: input.pagedIncidents },
    timeToRecoverSeconds: { p50: percentile(recover, 50), p90: percentile(recover, 90), count: recover.length },
    actions,
    hoursSaved: Math.round((actions.reduce((sum, a) => sum + a.minutesSaved, 0) / 60) * 10) / 10,
    minutesPerAction: minutes,
  };
}
