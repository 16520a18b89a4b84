/**
 * The agenda: every remediation task that has not ended, with when the planner's tick must hand it to a worker
 * again. SQS messages only nudge workers; the agenda is what guarantees that waiting, held or lost work is
 * picked up again and never dropped.
 */
import * as z from 'zod';

/** Why the task is on the agenda. */
export type AgendaReason = 'queued' | 'running' | 'verifying' | 'waiting' | 'held' | 'not-before';

/** What holds a held task; the tick wakes it as soon as the hold ends. */
export type HoldRef = { kind: 'freeze'; id: string } | { kind: 'incident'; id: string } | { kind: 'breaker'; playbook: string };

export interface AgendaEntry {
  taskId: string;
  instanceId: string;
  reason: AgendaReason;
  /** When the tick sends it to a worker (again), unless a worker moved it on before. */
  dueAt: string;
  hold?: HoldRef;
  /** Set when it waits for blast-radius budget: the scopes a slot must be free in before it is worth waking. */
  budget?: { service: string; zone: string };
  /** When the tick last sent it: a message still in flight is not sent again before `resendAfterSeconds`. */
  sentAt?: string;
}

/**
 * Defaults, and why:
 * - `waitRecheckSeconds` 30: budget frees as other tasks finish; half a tick keeps waiting work close behind.
 * - `holdRecheckSeconds` 900: a hold ends when its freeze expires or is lifted, or its incident is released;
 *   the tick notices that at once, so this is only a backstop (and how often an open breaker is re-checked).
 * - `resendAfterSeconds` 120: a message sent but not yet picked up is not sent again for two ticks.
 * - `graceSeconds` 60: a task that a worker is running or verifying is late only this long after it was due.
 */
export const AgendaTimingsSchema = z.object({
  waitRecheckSeconds: z.number().nonnegative().default(30),
  holdRecheckSeconds: z.number().positive().default(900),
  resendAfterSeconds: z.number().nonnegative().default(120),
  graceSeconds: z.number().nonnegative().default(60),
});
export type AgendaTimings = z.infer<typeof AgendaTimingsSchema>;

/** Holds in force right now: active freeze ids and open incident ids. */
export interface ActiveHolds {
  freezes: ReadonlySet<string>;
  incidents: ReadonlySet<string>;
}

/** `now` plus `seconds`, as an ISO string. */
export function after(now: Date, seconds: number): string {
  return new Date(now.getTime() + seconds * 1000).toISOString();
}

function holdEnded(hold: HoldRef | undefined, holds: ActiveHolds): boolean {
  if (hold?.kind === 'freeze') return !holds.freezes.has(hold.id);
  if (hold?.kind === 'incident') return !holds.incidents.has(hold.id);
  return false;
}

/** Takes one slot in a placement's scopes if every one has room; the tick wakes budget waiters through it. */
export type BudgetRoom = (placement: { service: string; zone: string }) => boolean;

/**
 * The entries the tick must send to a worker now: those due, and held ones whose freeze or incident has ended.
 * Due entries waiting for budget are woken oldest first, only as many as `room` has slots for, so that a long
 * queue of waiting work does not wake all at once only to wait again. An entry sent less than
 * `resendAfterSeconds` ago is left alone, so a slow queue is not flooded with copies.
 *
 * @example
 *   entriesToWake(agenda, { freezes: new Set(), incidents: new Set() }, () => true, timings, now) // held by a lifted freeze: woken
 */
export function entriesToWake(
  entries: readonly AgendaEntry[],
  holds: ActiveHolds,
  room: BudgetRoom,
  timings: AgendaTimings,
  now: Date,
): AgendaEntry[] {
  const t = now.getTime();
  const candidates = entries.filter((entry) => {
    if (entry.sentAt !== undefined && t - Date.parse(entry.sentAt) < timings.resendAfterSeconds * 1000) return false;
    if (entry.reason === 'held' && holdEnded(entry.hold, holds)) return true;
    return Date.parse(entry.dueAt) <= t;
  });
  const oldestFirst = [...candidates].sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.taskId.localeCompare(b.taskId));
  return oldestFirst.filter((entry) => entry.budget === undefined || room(entry.budget));
}
