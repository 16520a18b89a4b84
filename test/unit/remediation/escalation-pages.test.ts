import { describe, expect, it } from 'vitest';
import { loadPlaybooks, PLAYBOOKS } from '../../../shared/domain/playbooks/registry.ts';
import { clearCondition } from '../../../shared/usecases/conditions.ts';
import { planFromCondition } from '../../../shared/usecases/remediation/plan.ts';
import { runRemediation } from '../../../shared/usecases/remediation/worker.ts';
import { availableInstances, harness, raise, T0, type Harness } from './harness.ts';

let runs = 0;
const run = (h: Harness, taskId: string) =>
  runRemediation(h.deps, taskId, { token: `run-${(runs += 1)}`, leaseMs: 60_000, stopStartingAt: Date.now() + 30_000, finalDelivery: false });

async function planned(h: Harness, instanceId: string, condition: string): Promise<string> {
  const plan = await planFromCondition(h.deps, await raise(h, instanceId, condition));
  if (!('taskId' in plan)) throw new Error(`test setup: ${plan.reason}`);
  return plan.taskId;
}

const pages = (h: Harness) => h.events.ofType('EscalationRaised').filter((e) => e.detail.kind === 'instance');
const failed = (h: Harness, taskId: string) => h.events.ofType('RemediationFailed').find((e) => e.detail.taskId === taskId)?.detail;

/** cpu-saturated and memory-saturated answer with a page at once: two conditions that both need a human. */
async function twoPagesDue(h: Harness, id: string): Promise<[string, string]> {
  await availableInstances(h, [{ id, service: 'postgres', zone: 'us-east-1a', cellId: 'cell-1' }]);
  const cpu = await planned(h, id, 'cpu-saturated');
  expect(await run(h, cpu)).toMatchObject({ status: 'escalated' });
  h.clock.advance(5);
  const memory = await planned(h, id, 'memory-saturated');
  expect(await run(h, memory)).toMatchObject({ status: 'escalated' });
  return [cpu, memory];
}

describe('escalations of one instance', () => {
  it('page once while the instance has an escalation open, folding the others into it', async () => {
    const h = await harness();
    const [cpu, memory] = await twoPagesDue(h, 'pg-esc-1');
    expect(pages(h)).toEqual([expect.objectContaining({ dedupeKey: `escalation#${cpu}`, detail: expect.objectContaining({ taskId: cpu, condition: 'cpu-saturated' }) })]);
    expect(failed(h, memory)).toMatchObject({ status: 'escalated', escalationTaskId: cpu, reason: expect.stringContaining(`folded into the open escalation of pg-esc-1 (task ${cpu})`) });
    expect((await h.deps.tasks.find(memory))?.task.result).toContain(`folded into the open escalation of pg-esc-1 (task ${cpu})`);
  });

  it('page again once every condition the open escalation covered has cleared: a new episode', async () => {
    const h = await harness();
    await twoPagesDue(h, 'pg-esc-2');
    const instance = await h.store.get('pg-esc-2');
    await clearCondition(h.deps, instance, 'cpu-saturated', 'test');
    h.clock.advance(60);
    // memory-saturated is still raised: the episode is still open.
    const disk = await planned(h, 'pg-esc-2', 'disk-full');
    h.deps.playbooks = loadPlaybooks(PLAYBOOKS.filter((p) => p.name !== 'disk-full'));
    expect(await run(h, disk)).toMatchObject({ status: 'failed' });
    expect(pages(h)).toHaveLength(1);
    await clearCondition(h.deps, instance, 'memory-saturated', 'test');
    await clearCondition(h.deps, instance, 'disk-full', 'test');
    h.clock.advance(60);
    const again = await planned(h, 'pg-esc-2', 'cpu-saturated');
    expect(await run(h, again)).toMatchObject({ status: 'escalated' });
    expect(pages(h).map((p) => p.detail.taskId)).toEqual([expect.any(String), again]);
  });

  it('fold an abandoned task into an open incident covering the instance, as other escalations are', async () => {
    const h = await harness();
    await availableInstances(h, [{ id: 'pg-esc-3', service: 'postgres', zone: 'us-east-1a', cellId: 'cell-1' }]);
    const incident = {
      id: 'incident:zone=us-east-1a:2026-11-22T09:55:00.000Z',
      scope: { kind: 'zone' as const, zone: 'us-east-1a' },
      openedAt: T0,
      windowStart: '2026-11-22T09:55:00.000Z',
      counts: { failed: 6, population: 10 },
      status: 'open' as const,
    };
    await h.deps.incidents.open(incident);
    h.fleet.fillDisk('pg-esc-3');
    const disk = await planned(h, 'pg-esc-3', 'disk-full');
    h.deps.playbooks = loadPlaybooks(PLAYBOOKS.filter((p) => p.name !== 'disk-full'));
    expect(await run(h, disk)).toMatchObject({ status: 'failed' });
    expect(pages(h)).toHaveLength(0);
    expect(failed(h, disk)).toMatchObject({ status: 'failed', incidentId: incident.id, reason: expect.stringContaining(`folded into the page of incident ${incident.id}`) });
  });
});
