import { describe, expect, it } from 'vitest';
import { LOCAL_INITIAL_POLLERS, LOCAL_MAX_POLLERS, nextPollerCount, pollerLimits } from '../../../local/poller-scaling.ts';

describe('how many batches of an SQS event source are polled at once', () => {
  const limits = { initial: 2, max: 5 };

  it('adds a poller while receives come back full, up to the cap', () => {
    expect(nextPollerCount(2, 10, 10, limits)).toBe(3);
    expect(nextPollerCount(4, 5, 5, limits)).toBe(5);
    expect(nextPollerCount(5, 10, 10, limits)).toBe(5);
  });

  it('drops a poller when a receive comes back empty, back to where it started', () => {
    expect(nextPollerCount(4, 0, 10, limits)).toBe(3);
    expect(nextPollerCount(2, 0, 10, limits)).toBe(2);
  });

  it('keeps the pollers it has when a batch is partly full', () => {
    expect(nextPollerCount(3, 4, 10, limits)).toBe(3);
  });

  it("caps at the event's maximumConcurrency or the function's reserved concurrency, whichever is smaller", () => {
    expect(pollerLimits(3, undefined)).toEqual({ initial: 2, max: 3 });
    expect(pollerLimits(undefined, 1)).toEqual({ initial: 1, max: 1 });
    expect(pollerLimits(10, 4)).toEqual({ initial: 2, max: 4 });
  });

  it('uses the local cap when serverless.yml sets neither', () => {
    expect(pollerLimits()).toEqual({ initial: LOCAL_INITIAL_POLLERS, max: LOCAL_MAX_POLLERS });
  });
});
