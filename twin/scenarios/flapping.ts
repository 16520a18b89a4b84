/**
 * Flapping: 2% of the fleet goes silent and comes back every 5 minutes for an hour (long enough to be judged unavailable) (a restart does not cure it),
 * then heals. Histories must stay legal, no cause acted on twice, budgets kept.
 */
import type { Scenario } from '../scenario.ts';

const MINUTE = 60_000;

export const flapping: Scenario = {
  name: 'flapping',
  summary: '2% of the fleet down and up every 5 minutes for an hour',
  durationMs: 100 * MINUTE,
  script(ctx) {
    const { sim, fleet, random } = ctx.world;
    const from = sim.now() + 10 * MINUTE;
    const to = from + 60 * MINUTE;
    const flappers: string[] = [];
    ctx.faultEndsMs = to;
    ctx.marks.push({ atMs: from, label: 'flapping starts' }, { atMs: to, label: 'healed' });
    sim.at(from, () => {
      for (const instance of fleet.instances()) {
        if (random.chance(0.02)) {
          fleet.flap(instance.id, 5 * MINUTE);
          flappers.push(instance.id);
        }
      }
    });
    sim.at(to, () => {
      for (const id of flappers) fleet.heal(id);
    });
  },
};
