/**
 * A third of the fleet silent: one of three zones goes dark for 30 minutes, then comes back. The simulator's fleet
 * generator places Kafka brokers in one zone, so its zones hold 20%, 40% and 40% of the fleet; the zone taken is
 * us-east-1b (40%), the nearest to a third that is not smaller.
 */
import type { Scenario } from '../scenario.ts';

const MINUTE = 60_000;

export const zoneOutage: Scenario = {
  name: 'zone-outage',
  summary: 'one zone of three (40% of the fleet) dark for 30 minutes',
  durationMs: 90 * MINUTE,
  script(ctx) {
    const { sim, fleet } = ctx.world;
    const zone = 'us-east-1b';
    const from = sim.now() + 10 * MINUTE;
    const to = from + 30 * MINUTE;
    ctx.outages.push({ id: `zone ${zone}`, fromMs: from, toMs: to });
    ctx.faultEndsMs = to;
    ctx.marks.push({ atMs: from, label: `${zone} dark` }, { atMs: to, label: `${zone} back` });
    sim.at(from, () => {
      fleet.failZone(zone);
      for (const instance of fleet.instances()) if (instance.zone === zone) ctx.silenced.set(instance.id, from);
    });
    sim.at(to, () => fleet.restoreZone(zone));
  },
};
