/**
 * Fleetwarden itself down for 15 minutes (its consumers and schedules stopped), the fleet fine. Heartbeats pile up
 * on the queue; when it runs again it must hold detection until its intake catches up, and act on no one.
 */
import type { Scenario } from '../scenario.ts';

const MINUTE = 60_000;

export const observerStall: Scenario = {
  name: 'observer-stall',
  summary: "Fleetwarden's own functions stopped for 15 minutes; the fleet is fine",
  durationMs: 60 * MINUTE,
  script(ctx) {
    const { sim, wiring, memory } = ctx.world;
    const from = sim.now() + 10 * MINUTE;
    const to = from + 15 * MINUTE;
    ctx.fleetHealthy = true;
    ctx.faultEndsMs = to;
    ctx.outages.push({ id: 'observer stall', fromMs: from, toMs: to });
    ctx.marks.push({ atMs: from, label: 'Fleetwarden stops' }, { atMs: to, label: 'Fleetwarden runs' });
    sim.at(from, () => {
      wiring.dials.running = false;
    });
    sim.at(to, () => {
      wiring.dials.running = true;
      for (const mapping of wiring.mappings.values()) mapping.wakeAt(sim.now());
    });
    ctx.describeHold = () => {
      const held = memory.events.ofType('DetectionHeld');
      if (held.length === 0) return undefined;
      const reasons = [...new Set(held.flatMap((e) => ((e.detail as { reasons?: string[] }).reasons ?? [])))];
      return `held ${held.length} time(s) after the stall (${reasons.join('; ') || 'no reason given'}); no instance was judged on stale intake`;
    };
  },
};
