import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../../twin/heap.ts';
import { EventSourceMapping } from '../../../twin/lambda.ts';
import { seededRandom } from '../../../twin/random.ts';
import { Simulation } from '../../../twin/simulation.ts';
import { SimQueue } from '../../../twin/sqs.ts';

const T0 = Date.parse('2026-12-06T00:00:00Z');

describe('the twin: simulated time', () => {
  it('orders by key and, on ties, by insertion', () => {
    const heap = new MinHeap<string>();
    for (const [key, value] of [[3, 'c'], [1, 'a1'], [2, 'b'], [1, 'a2'], [0, 'z']] as const) heap.push(key, value);
    const out: string[] = [];
    for (let value = heap.pop(); value !== undefined; value = heap.pop()) out.push(value);
    expect(out).toEqual(['z', 'a1', 'a2', 'b', 'c']);
  });

  it('runs events in time order, awaiting each, and never goes back in time', async () => {
    const sim = new Simulation(T0);
    const seen: [string, number][] = [];
    sim.at(T0 + 5000, async () => {
      await Promise.resolve();
      seen.push(['b', sim.elapsed()]);
      sim.at(T0 + 1000, () => void seen.push(['late', sim.elapsed()]));
    });
    sim.at(T0 + 1000, () => void seen.push(['a', sim.elapsed()]));
    sim.every(2000, T0 + 2000, T0 + 6000, () => void seen.push(['tick', sim.elapsed()]));
    await sim.runUntil(T0 + 10_000);
    expect(seen).toEqual([['a', 1000], ['tick', 2000], ['tick', 4000], ['b', 5000], ['late', 5000], ['tick', 6000]]);
    expect(sim.clock().toISOString()).toBe('2026-12-06T00:00:10.000Z');
  });

  it('replays the same choices from the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const draw = (r: typeof a) => Array.from({ length: 5 }, () => r.int(0, 1000));
    expect(draw(a)).toEqual(draw(b));
    expect(draw(seededRandom(7))).not.toEqual(draw(c));
  });
});

describe('the twin: SQS', () => {
  it('hides a received message for the visibility timeout and raises its receive count', () => {
    const queue = new SimQueue('q', { visibilitySeconds: 30 });
    queue.send('hello', T0);
    const [first] = queue.receive(10, T0);
    expect(first?.message.receiveCount).toBe(1);
    expect(queue.receive(10, T0 + 29_999)).toEqual([]);
    const [again] = queue.receive(10, T0 + 30_000);
    expect(again?.message.receiveCount).toBe(2);
    expect(queue.delete(first!.handle)).toBe(false); // a stale receipt handle deletes nothing
    expect(queue.delete(again!.handle)).toBe(true);
    expect(queue.depth).toBe(0);
  });

  it('delays a message and moves one received too often to the dead-letter queue with the reason', () => {
    const dlq = new SimQueue('dlq', { visibilitySeconds: 30 });
    const queue = new SimQueue('q', { visibilitySeconds: 10, maxReceiveCount: 2, deadLetter: dlq });
    queue.send('poison', T0, 60);
    expect(queue.receive(10, T0)).toEqual([]);
    expect(queue.receive(10, T0 + 60_000)).toHaveLength(1);
    expect(queue.receive(10, T0 + 70_000)).toHaveLength(1);
    expect(queue.receive(10, T0 + 80_000)).toEqual([]);
    expect(queue.redriven).toBe(1);
    expect(dlq.messages().map((m) => [m.body, m.attributes['reason']])).toEqual([['poison', 'maxReceiveCount exceeded']]);
  });

  it('delivers some messages twice under the same message id when duplicates are modelled', () => {
    const queue = new SimQueue('q', { visibilitySeconds: 30, duplicateRate: 0.5, random: seededRandom(1) });
    for (let i = 0; i < 200; i += 1) queue.send(`m${i}`, T0);
    const received = queue.receive(1000, T0);
    expect(queue.duplicatesDelivered).toBeGreaterThan(50);
    expect(received).toHaveLength(200 + queue.duplicatesDelivered);
    expect(new Set(received.map((r) => r.message.messageId)).size).toBe(200);
  });
});

describe('the twin: the SQS event source mapping', () => {
  const setup = (maxConcurrency: number, fail: (body: string, attempt: number) => boolean) => {
    const sim = new Simulation(T0);
    const queue = new SimQueue('q', { visibilitySeconds: 30 });
    const seen: { body: string; attempt: number; at: number }[] = [];
    const mapping = new EventSourceMapping(sim, queue, 'arn:aws:sqs:us-east-1:000000000000:q', async (event: SQSEvent) => {
      const failures = [];
      for (const record of event.Records) {
        const attempt = Number(record.attributes.ApproximateReceiveCount);
        seen.push({ body: record.body, attempt, at: sim.elapsed() });
        if (fail(record.body, attempt)) failures.push({ itemIdentifier: record.messageId });
      }
      return { batchItemFailures: failures };
    }, { batchSize: 10, maxConcurrency, durationMs: () => 1000 });
    return { sim, queue, seen, mapping };
  };

  it('holds at most its concurrency, so a backlog waits for slots', async () => {
    const { sim, queue, seen, mapping } = setup(2, () => false);
    for (let i = 0; i < 45; i += 1) queue.send(`m${i}`, T0);
    await sim.runUntil(T0 + 60_000);
    expect(seen).toHaveLength(45);
    expect(mapping.stats.peakConcurrency).toBe(2);
    expect(mapping.stats.invocations).toBe(5);
    // Two batches at 0 s, two at 1 s, the last at 2 s: each invocation holds its slot for its duration.
    expect([...new Set(seen.map((s) => s.at))]).toEqual([0, 1000, 2000]);
    expect(queue.depth).toBe(0);
  });

  it('redelivers only the records reported as failed, after the visibility timeout', async () => {
    const { sim, queue, seen } = setup(5, (body, attempt) => body === 'bad' && attempt < 3);
    queue.send('good', T0);
    queue.send('bad', T0);
    await sim.runUntil(T0 + 120_000);
    expect(seen.filter((s) => s.body === 'good')).toHaveLength(1);
    expect(seen.filter((s) => s.body === 'bad').map((s) => [s.attempt, s.at])).toEqual([[1, 0], [2, 30_000], [3, 60_000]]);
    expect(queue.depth).toBe(0);
  });

  it('receives nothing while the consumer is stopped, then drains the backlog', async () => {
    const sim = new Simulation(T0);
    const queue = new SimQueue('q', { visibilitySeconds: 30 });
    let running = false;
    const seen: number[] = [];
    new EventSourceMapping(sim, queue, 'arn', async (event) => void seen.push(...event.Records.map(() => sim.elapsed())), {
      batchSize: 10, maxConcurrency: 1, durationMs: () => 100, running: () => running,
    });
    queue.send('a', T0);
    sim.at(T0 + 150_000, () => void (running = true));
    await sim.runUntil(T0 + 300_000);
    expect(seen).toEqual([180_000]); // the stopped consumer looks again once a minute
  });
});
