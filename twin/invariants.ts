/**
 * What must hold after every scenario, checked over what the twin recorded. Each check returns its breaches; the
 * twin fails loudly on any. Pure: the scenario runner gathers the records from the memory adapters and the
 * simulated fleet.
 */
import { isForcible, isLegalTransition } from '../shared/domain/lifecycle.ts';
import { causeKey, type Cause, type HistoryEntry } from '../shared/domain/instance.ts';
import { TERMINAL_STATUSES, type TaskStatus } from '../shared/domain/playbooks/task.ts';

export type InvariantName =
  | 'legal-history'
  | 'one-action-per-cause'
  | 'budget-respected'
  | 'every-task-ended'
  | 'no-instance-lost-or-duplicated'
  | 'one-page-per-outage'
  | 'no-action-on-healthy';

export interface Breach {
  invariant: InvariantName;
  detail: string;
}

/** Every instance's history, in version order, is a path through the legal table (break glass aside). */
export function legalHistories(histories: Iterable<readonly HistoryEntry[]>): Breach[] {
  const breaches: Breach[] = [];
  for (const history of histories) {
    let previous: HistoryEntry | undefined;
    for (const entry of history) {
      const where = `${entry.instanceId} v${entry.version}`;
      if (previous === undefined) {
        if (entry.from !== null || entry.version !== 1) breaches.push({ invariant: 'legal-history', detail: `${where}: history does not start with registration` });
      } else if (entry.version !== previous.version + 1) {
        breaches.push({ invariant: 'legal-history', detail: `${where}: follows v${previous.version} (a gap)` });
      } else if (entry.from !== previous.to) {
        breaches.push({ invariant: 'legal-history', detail: `${where}: from ${entry.from} but v${previous.version} left it ${previous.to}` });
      } else if (!isLegalTransition(entry.from!, entry.to) && !(entry.breakGlass !== undefined && isForcible(entry.from!, entry.to))) {
        breaches.push({ invariant: 'legal-history', detail: `${where}: ${entry.from} -> ${entry.to} is not in the table` });
      }
      previous = entry;
    }
  }
  return breaches;
}

/** An action the fleet acted on (replays of a known idempotency key are not actions). */
export interface ActedAction {
  kind: string;
  instanceId: string;
  idempotencyKey: string;
  at: string;
}

export interface TaskRecord {
  id: string;
  instanceId: string;
  condition: string;
  cause: Cause;
  status: TaskStatus;
  result?: string;
}

/**
 * No fleet action ran twice for one cause: an idempotency key (task, step, attempt) acted on once, and one cause
 * (instance, condition, cause) planned one task.
 */
export function oneActionPerCause(actions: readonly ActedAction[], tasks: readonly TaskRecord[]): Breach[] {
  const breaches: Breach[] = [];
  const keys = new Map<string, ActedAction>();
  for (const action of actions) {
    const first = keys.get(action.idempotencyKey);
    if (first !== undefined) breaches.push({ invariant: 'one-action-per-cause', detail: `${action.kind} ${action.idempotencyKey} acted at ${first.at} and again at ${action.at}` });
    else keys.set(action.idempotencyKey, action);
  }
  const planned = new Map<string, string>();
  for (const task of tasks) {
    const cause = `${task.instanceId} ${task.condition} ${causeKey(task.cause)}`;
    const other = planned.get(cause);
    if (other !== undefined && other !== task.id) breaches.push({ invariant: 'one-action-per-cause', detail: `${cause} planned twice: ${other} and ${task.id}` });
    else planned.set(cause, task.id);
  }
  return breaches;
}

/** One look at the budget at a simulated instant: actions in flight in a scope against its limit. */
export interface BudgetSample {
  at: string;
  scope: string;
  inFlight: number;
  limit: number;
}

export function budgetsRespected(samples: Iterable<BudgetSample>): Breach[] {
  const breaches: Breach[] = [];
  for (const s of samples) {
    if (s.inFlight > s.limit) breaches.push({ invariant: 'budget-respected', detail: `${s.scope} at ${s.at}: ${s.inFlight} in flight, budget ${s.limit}` });
  }
  return breaches;
}

/**
 * Every task ended: done, escalated with a page, or in a dead-letter queue with its reason. `deadLettered` maps a
 * task id to the reason its message carries.
 */
export function everyTaskEnded(tasks: readonly TaskRecord[], pagedTasks: ReadonlySet<string>, deadLettered: ReadonlyMap<string, string>): Breach[] {
  const breaches: Breach[] = [];
  for (const task of tasks) {
    const reason = deadLettered.get(task.id);
    if (reason !== undefined) {
      if (reason.trim() === '') breaches.push({ invariant: 'every-task-ended', detail: `${task.id} is in a dead-letter queue without a reason` });
    } else if (!TERMINAL_STATUSES.has(task.status)) {
      breaches.push({ invariant: 'every-task-ended', detail: `${task.id} (${task.condition} on ${task.instanceId}) is still ${task.status}` });
    } else if (task.status === 'escalated' && !pagedTasks.has(task.id)) {
      breaches.push({ invariant: 'every-task-ended', detail: `${task.id} escalated without a page` });
    }
  }
  return breaches;
}

/** The ledger holds every instance the fleet has, once, and nothing it does not. */
export function noInstanceLost(fleetIds: Iterable<string>, ledgerIds: Iterable<string>): Breach[] {
  const breaches: Breach[] = [];
  const ledger = new Map<string, number>();
  for (const id of ledgerIds) ledger.set(id, (ledger.get(id) ?? 0) + 1);
  const fleet = new Set<string>();
  for (const id of fleetIds) {
    fleet.add(id);
    const count = ledger.get(id) ?? 0;
    if (count === 0) breaches.push({ invariant: 'no-instance-lost-or-duplicated', detail: `${id} is in the fleet but not in the ledger` });
    if (count > 1) breaches.push({ invariant: 'no-instance-lost-or-duplicated', detail: `${id} is in the ledger ${count} times` });
  }
  for (const id of ledger.keys()) {
    if (!fleet.has(id)) breaches.push({ invariant: 'no-instance-lost-or-duplicated', detail: `${id} is in the ledger but not in the fleet` });
  }
  return breaches;
}

export interface Outage {
  id: string;
  fromMs: number;
  toMs: number;
}

export interface Page {
  atMs: number;
  /** What the page is about: the incident, breaker or task it names. */
  subject: string;
}

/**
 * At most one page per outage: the pages sent while an outage lasted (and for `graceMs` after, while its tail is
 * detected) are about it. A scenario without an outage may page for other reasons (an escalated task).
 */
export function onePagePerOutage(outages: readonly Outage[], pages: readonly Page[], graceMs: number): Breach[] {
  const breaches: Breach[] = [];
  for (const outage of outages) {
    const during = pages.filter((p) => p.atMs >= outage.fromMs && p.atMs <= outage.toMs + graceMs);
    if (during.length > 1) {
      breaches.push({ invariant: 'one-page-per-outage', detail: `${outage.id}: ${during.length} pages (${during.map((p) => p.subject).join(', ')})` });
    }
  }
  return breaches;
}

/** When Fleetwarden itself stalled and the fleet was fine, nothing was done to a healthy instance. */
export function noActionOnHealthy(actions: readonly ActedAction[], healthy: (instanceId: string) => boolean): Breach[] {
  return actions
    .filter((a) => healthy(a.instanceId))
    .map((a) => ({ invariant: 'no-action-on-healthy' as const, detail: `${a.kind} on healthy ${a.instanceId} at ${a.at}` }));
}
