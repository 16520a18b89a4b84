/**
 * How many batches of one SQS event source are in flight at once. Lambda polls a standard queue with several
 * concurrent batches (five at first), adds pollers while the queue has a backlog and removes them when it is
 * drained, up to the event's `maximumConcurrency` or the function's reserved concurrency. The local runner does
 * the same on a smaller scale: it starts with two, adds one whenever a receive comes back full, and drops one
 * whenever a receive comes back empty, back down to the two it started with.
 */

export interface PollerLimits {
  initial: number;
  max: number;
}

/** Lambda starts five; locally every poller shares one Node process, so it starts smaller. */
export const LOCAL_INITIAL_POLLERS = 2;

/**
 * Without `maximumConcurrency` or reserved concurrency Lambda would go to hundreds of batches. Locally every
 * function shares one Node process, one SDK connection pool (50 sockets) and one DynamoDB Local, which is busy
 * at about 64 requests in flight: a heartbeat batch already has 4 records and up to 8 writes each in flight, so
 * beyond a handful of batches per queue more batches only wait inside DynamoDB Local and stretch every batch.
 */
export const LOCAL_MAX_POLLERS = 5;

/**
 * The limits of one event source: serverless.yml's `sqs.maximumConcurrency` or the function's
 * `reservedConcurrency` (the smaller, when both are set), else the local cap.
 */
export function pollerLimits(maximumConcurrency?: number, reservedConcurrency?: number): PollerLimits {
  const caps = [maximumConcurrency, reservedConcurrency].filter((n): n is number => typeof n === 'number' && Number.isFinite(n));
  const max = Math.max(1, caps.length > 0 ? Math.min(...caps) : LOCAL_MAX_POLLERS);
  return { initial: Math.min(LOCAL_INITIAL_POLLERS, max), max };
}

/**
 * The number of pollers after one receive: one more when it returned a full batch (there is a backlog),
 * one fewer when it returned nothing, the same otherwise; never below `limits.initial` nor above `limits.max`.
 *
 * @example nextPollerCount(2, 10, 10, { initial: 2, max: 5 }) // 3
 */
export function nextPollerCount(active: number, received: number, batchSize: number, limits: PollerLimits): number {
  if (received >= batchSize) return Math.min(limits.max, active + 1);
  if (received === 0) return Math.max(limits.initial, active - 1);
  return Math.min(limits.max, Math.max(limits.initial, active));
}
