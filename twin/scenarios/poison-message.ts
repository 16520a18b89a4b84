/**
 * Poison messages: producers outside Fleetwarden put unreadable messages on its queues (a heartbeat that is not
 * JSON, a heartbeat of the wrong shape, a remediation message naming no task), among a fleet where 1% crashes. Each
 * must reach its dead-letter queue with its reason, once, and the rest of the work go on.
 */
import type { Scenario } from '../scenario.ts';

const MINUTE = 60_000;

export const poisonMessage: Scenario = {
  name: 'poison-message',
  summary: 'unreadable messages on the heartbeat and remediation queues among 1% of the fleet crashing',
  durationMs: 45 * MINUTE,
  script(ctx) {
    const { sim, fleet, random, wiring } = ctx.world;
    const from = sim.now() + 10 * MINUTE;
    ctx.marks.push({ atMs: from, label: 'poison sent' });
    ctx.faultEndsMs = from;
    sim.at(from, () => {
      const heartbeats = wiring.queues.get('HeartbeatQueue')!;
      heartbeats.send('{"type":"cell-heartbeat",', sim.now());
      heartbeats.send(JSON.stringify({ type: 'cell-heartbeat', cellId: 42, at: 'yesterday', instances: 'all' }), sim.now());
      wiring.queues.get('RemediationQueue')!.send(JSON.stringify({ taskId: 'not-a-task' }), sim.now());
      ctx.poison = 3;
      for (const instance of fleet.instances()) {
        if (random.chance(0.01)) {
          fleet.crash(instance.id);
          ctx.silenced.set(instance.id, from);
        }
      }
    });
  },
};
