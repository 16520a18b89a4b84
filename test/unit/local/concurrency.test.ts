import { describe, expect, it } from 'vitest';
import { asyncConcurrency, concurrencyLimit, LOCAL_ASYNC_CONCURRENCY } from '../../../local/concurrency.ts';

function deferred() {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("the local queue of a function's asynchronous invocations", () => {
  it('runs at most its cap at once and starts the rest in order as slots free up', async () => {
    const limit = concurrencyLimit(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) => limit(async () => {
      started.push(i);
      await gate.promise;
      return i;
    }));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]?.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it('frees the slot of an invocation that failed', async () => {
    const limit = concurrencyLimit(1);
    await expect(limit(() => Promise.reject(new Error('handler failed')))).rejects.toThrow('handler failed');
    expect(await limit(async () => 'next')).toBe('next');
  });

  it("takes the function's reserved concurrency when it is below the local cap", () => {
    expect(asyncConcurrency(2)).toBe(2);
    expect(asyncConcurrency(500)).toBe(LOCAL_ASYNC_CONCURRENCY);
    expect(asyncConcurrency()).toBe(LOCAL_ASYNC_CONCURRENCY);
  });
});
