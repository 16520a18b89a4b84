/**
 * The continuation chain of a task being verified. A run that must come back later (the next probe) hands the
 * task on in one delayed message carrying a fresh token, and records that token with the task's save. SQS may
 * deliver that message twice, the planner's first message may arrive late, and the tick re-sends overdue work:
 * without a rule each of those would start its own probe chain until the deadline. The rule: a delivery runs
 * only if it carries the task's current token, or carries none (a nudge) while no continuation is on its way
 * (none was issued, or it is overdue and presumably lost). Every run that continues replaces the token, so
 * whatever was delivered before is then stale: exactly one chain survives.
 */

/** What the task keeps: the token of the last continuation issued, and while it is on its way, when it is due. */
export interface Continuation {
  token: string;
  /** Set while the message is on its way; after this the tick's nudge may take over. */
  dueAt?: string;
}

/**
 * Whether a delivery must be acknowledged and dropped. `delivered` is the token the message carries; undefined
 * for a nudge (the planner, the tick, a woken waiter, a redriven message from before tokens).
 *
 * @example
 *   supersededDelivery({ token: 'b', dueAt: later }, 'a', now)   // true: an older continuation
 *   supersededDelivery({ token: 'b', dueAt: later }, undefined, now) // true: 'b' is on its way
 *   supersededDelivery({ token: 'b', dueAt: earlier }, undefined, now) // false: 'b' is overdue, the nudge takes over
 */
export function supersededDelivery(current: Continuation | undefined, delivered: string | undefined, now: Date): boolean {
  if (delivered !== undefined) return delivered !== current?.token;
  return current?.dueAt !== undefined && Date.parse(current.dueAt) > now.getTime();
}
