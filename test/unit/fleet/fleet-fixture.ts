import { SimulatedFleet } from '../../../sim/simulated-fleet.ts';

export interface TestClock {
  now: () => Date;
  advance(ms: number): void;
}

export function testClock(start = '2025-03-01T12:00:00.000Z'): TestClock {
  let current = new Date(start).getTime();
  return { now: () => new Date(current), advance: (ms) => (current += ms) };
}

/**
 * A small fleet: Postgres cluster `pg` (primary pg-1 in zone a, replica pg-2 in zone b), a standalone Redis in
 * zone a sharing pg-1's cell, a Kafka broker alone in zone c.
 */
export function smallFleet(clock: TestClock = testClock(), seed = 7): SimulatedFleet {
  return new SimulatedFleet({
    now: clock.now,
    seed,
    instances: [
      { id: 'pg-1', service: 'postgres', zone: 'zone-a', cellId: 'cell-a1', role: { kind: 'primary', cluster: 'pg' } },
      { id: 'pg-2', service: 'postgres', zone: 'zone-b', cellId: 'cell-b1', role: { kind: 'replica', cluster: 'pg' } },
      { id: 'rd-1', service: 'redis', zone: 'zone-a', cellId: 'cell-a1' },
      { id: 'kf-1', service: 'kafka', zone: 'zone-c', cellId: 'cell-c1' },
    ],
  });
}

export function reportedIds(fleet: SimulatedFleet): string[] {
  return fleet.heartbeats().flatMap((cell) => cell.instances.map((instance) => instance.id)).sort();
}
