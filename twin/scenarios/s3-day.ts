/**
 * The S3 day: the provider's control plane fails every action for 6 hours in the region, a tenth of the cell agents
 * cannot report (their instances are fine but silent), and Fleetwarden's own ingestion is degraded (every
 * invocation four times slower, SQS consumers throttled to 3 at once).
 */
import type { Scenario } from '../scenario.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const s3Day: Scenario = {
  name: 's3-day',
  summary: 'the control plane failing for 6 hours, a tenth of the cells silent, ingestion degraded',
  durationMs: 7 * HOUR,
  script(ctx) {
    const { sim, fleet, wiring } = ctx.world;
    const from = sim.now() + 10 * MINUTE;
    const to = from + 6 * HOUR;
    ctx.outages.push({ id: 'control plane us-east-1', fromMs: from, toMs: to });
    ctx.faultEndsMs = to;
    ctx.marks.push({ atMs: from, label: 'control plane fails' }, { atMs: to, label: 'control plane back' });
    const cells = [...new Set(fleet.instances().map((i) => i.cellId))].sort();
    const dark = cells.filter((_, index) => index % 10 === 0);
    sim.at(from, () => {
      fleet.injectActionFault({ mode: 'timeout' });
      wiring.dials.slowFactor = 4;
      wiring.dials.concurrencyCap = 3;
      for (const cell of dark) fleet.silenceCell(cell);
      const silent = new Set(dark);
      for (const instance of fleet.instances()) if (silent.has(instance.cellId)) ctx.silenced.set(instance.id, from);
    });
    // The agents come back after two hours; the control plane and ingestion after six.
    sim.at(from + 2 * HOUR, () => {
      for (const cell of dark) fleet.resumeCell(cell);
    });
    sim.at(to, () => {
      fleet.clearActionFaults();
      wiring.dials.slowFactor = 1;
      delete wiring.dials.concurrencyCap;
    });
  },
};
