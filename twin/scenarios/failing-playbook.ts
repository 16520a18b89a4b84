/**
 * A playbook that fails: 3% of the fleet crashes (unhealthy and silent) and every restart the control plane is asked
 * for fails (422). The down playbook's circuit breaker must open, and page once.
 */
import type { Scenario } from '../scenario.ts';

const MINUTE = 60_000;

export const failingPlaybook: Scenario = {
  name: 'failing-playbook',
  summary: '3% of the fleet crashed and every restart failing: the breaker must open',
  durationMs: 90 * MINUTE,
  script(ctx) {
    const { sim, fleet, random } = ctx.world;
    const from = sim.now() + 10 * MINUTE;
    ctx.outages.push({ id: 'restarts failing', fromMs: from, toMs: from + 60 * MINUTE });
    ctx.marks.push({ atMs: from, label: 'crashes; restarts fail' });
    sim.at(from, () => {
      fleet.injectActionFault({ kind: 'restart', mode: 'fail' });
      for (const instance of fleet.instances()) {
        if (random.chance(0.03)) {
          fleet.crash(instance.id);
          ctx.silenced.set(instance.id, from);
        }
      }
    });
  },
};
