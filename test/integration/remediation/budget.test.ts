import { describe, expect, it } from 'vitest';
import type { FleetProvider } from '../../../shared/domain/fleet.ts';
import { TERMINAL_STATUSES } from '../../../shared/domain/playbooks/task.ts';
import { planFromCondition } from '../../../shared/usecases/remediation/plan.ts';
import { runPlannerTick } from '../../../shared/usecases/remediation/tick.ts';
import { availableInstances, harness, raise, registeredInstances, startWorkers, type Harness } from './harness.ts';

/**
 * Two tasks per failing instance, all planned at once. 40 by default (four times the budget) keeps the suite
 * fast on DynamoDB Local; `BURST_TASKS=200` runs the full burst (200 tasks on all 100 instances).
 */
const TASKS = Number(process.env.BURST_TASKS ?? 40);

/** Counts instances from their first action to their task's end, as the control plane and the bus see them. */
function watchConcurrency(): { provider: (inner: FleetProvider) => FleetProvider; attach(h: Harness): void; most(): number } {
  const active = new Set<string>();
  let most = 0;
  return {
    provider: (inner) => ({
      name: 'watching',
      probe: (id) => inner.probe(id),
      perform: async (action) => {
        active.add(action.instanceId);
        most = Math.max(most, active.size);
        return inner.perform(action);
      },
    }),
    attach(h) {
      const publish = h.events.publish.bind(h.events);
      h.events.publish = async (events) => {
        for (const e of events) if (/^Remediation(Succeeded|Failed)$/.test(e.type)) active.delete(String(e.detail.instanceId));
        return publish(events);
      };
    },
    most: () => most,
  };
}

describe('blast-radius budgets under a burst', () => {
  it(`never has more than 10% of a 100-instance fleet under remediation when ${TASKS} tasks arrive at once, and finishes them all`, async () => {
    const watch = watchConcurrency();
    const h = await harness({ provider: watch.provider, actionLatencyMs: 40, sizesTtlSeconds: 60, timings: { waitRecheckSeconds: 0, resendAfterSeconds: 0 } });
    watch.attach(h);
    const ids = Array.from({ length: 100 }, (_, i) => `pg-burst-${String(i).padStart(3, '0')}`);
    const specs = ids.map((id, i) => ({ id, service: 'postgres' as const, zone: 'us-east-1a', cellId: `cell-${i % 5}` }));
    const failing = TASKS / 2;
    await availableInstances(h, specs.slice(0, failing));
    await registeredInstances(h, specs.slice(failing)); // the rest of the fleet: it counts in the budget's 10%
    const taskIds: string[] = [];
    for (const id of ids.slice(0, failing)) {
      h.fleet.fillDisk(id);
      h.fleet.saturateConnections(id);
      for (const condition of ['disk-full', 'connections-saturated']) {
        const plan = await planFromCondition(h.deps, await raise(h, id, condition));
        if ('taskId' in plan) taskIds.push(plan.taskId);
      }
    }
    expect(taskIds).toHaveLength(TASKS);

    let counterMost = 0;
    let done = 0;
    const started = Date.now();
    const workers = startWorkers(h, 4);
    while (done < TASKS && Date.now() - started < 40_000) {
      counterMost = Math.max(counterMost, (await h.deps.tasks.inFlight('postgres', 'us-east-1a')).fleet);
      await runPlannerTick(h.deps);
      done = (await h.deps.tasks.findMany(taskIds)).filter((t) => TERMINAL_STATUSES.has(t.task.status)).length;
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    await workers.stop();
    console.info(`${TASKS} tasks on ${TASKS / 2} of 100 instances: done in ${Date.now() - started} ms, at most ${watch.most()} in flight (counter at most ${counterMost})`);

    const tasks = await h.deps.tasks.findMany(taskIds);
    expect(tasks.map((t) => t.task.status)).toEqual(Array(TASKS).fill('succeeded'));
    expect(watch.most()).toBeLessThanOrEqual(10);
    expect(watch.most()).toBeGreaterThan(1);
    expect(counterMost).toBeLessThanOrEqual(10);
    expect(await h.deps.tasks.inFlight('postgres', 'us-east-1a')).toEqual({ fleet: 0, service: 0, zone: 0 });
    expect(h.fleet.actionsPerformed()).toBe(TASKS);
    expect((await runPlannerTick(h.deps)).agenda).toBe(0);
  }, 90_000);
});
