/**
 * Lambda queues a function's asynchronous invocations (EventBridge rules and schedules invoke that way) and works
 * the queue off with the function's concurrency. The local runner does the same with a small cap: without one, a
 * burst (the fleet announcing a thousand instances at once) starts thousands of invocations in one process, and
 * every other function's calls wait behind theirs in the SDK's connection pool and in DynamoDB Local.
 */

/** Asynchronous invocations of one function in flight at once, locally, unless serverless.yml reserves fewer. */
export const LOCAL_ASYNC_CONCURRENCY = 8;

/** A function's local cap: its reserved concurrency when serverless.yml sets one below the local cap. */
export function asyncConcurrency(reservedConcurrency?: number): number {
  return Math.max(1, Math.min(reservedConcurrency ?? LOCAL_ASYNC_CONCURRENCY, LOCAL_ASYNC_CONCURRENCY));
}

export type Limiter = <T>(work: () => Promise<T>) => Promise<T>;

/** Runs at most `max` pieces of work at once; the rest wait their turn in order. */
export function concurrencyLimit(max: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (active < max) active += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, or is freed.
      const next = waiting.shift();
      if (next === undefined) active -= 1;
      else next();
    }
  };
}
