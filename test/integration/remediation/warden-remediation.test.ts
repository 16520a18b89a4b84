/**
 * The whole path on the local stack, wired from serverless.yml: `warden remediate` raises a condition, the
 * planner plans it (ConditionRaised on the fleet bus), the worker takes it off the remediation queue and acts
 * through the signed HTTP provider against a control-plane server over a simulated fleet, and the CLI shows it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateFleet, startControlPlaneServer, toInstanceSpec, type ControlPlaneServer, type SimulatedFleet } from '../../../sim/index.ts';
import { FLEET_SOURCE } from '../../../shared/schemas/fleet-events.ts';
import { startStackUnderTest, type StackUnderTest } from '../../support/local-stack.ts';
import { until } from './harness.ts';

let sut: StackUnderTest;
let fleet: SimulatedFleet;
let controlPlane: ControlPlaneServer;
const ID = 'pg-00001-1';

beforeAll(async () => {
  fleet = generateFleet({ now: () => new Date(), seed: 3, clusters: 3 });
  const key = randomBytes(32).toString('base64url');
  controlPlane = await startControlPlaneServer({ fleet, key });
  sut = await startStackUnderTest({
    environment: {
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      FLEET_CONTROL_PLANE_URL: controlPlane.url,
      FLEET_SIGNING_KEY: key,
      FLEET_SIGNING_KEY_PARAMETER: '',
    },
  });
  const bus = String(process.env.FLEET_BUS_NAME);
  for (const instance of fleet.instances()) {
    await sut.stack.bus.put(bus, { 'detail-type': 'Instance Created', source: FLEET_SOURCE, resources: [], detail: toInstanceSpec(instance) });
    await sut.stack.bus.put(bus, { 'detail-type': 'Instance Ready', source: FLEET_SOURCE, resources: [], detail: { instanceId: instance.id } });
  }
});

afterAll(async () => {
  await sut.stack.stop();
  await controlPlane.close();
});

const json = async <T>(...argv: string[]): Promise<T> => JSON.parse((await sut.warden(...argv, '--json')).out) as T;

describe('remediation through warden, on the local stack', () => {
  it('remediates a condition raised by hand: planned, acted on through the control plane, verified', async () => {
    fleet.crash(ID);
    const raised = await sut.warden('remediate', ID, 'down', '--reason', 'pager says it is down', '--actor', 'alice');
    expect(raised.code).toBe(0);
    const tasks = await until(
      () => json<{ id: string; status: string; instanceId: string }[]>('tasks', '--instance', ID),
      (t) => t[0]?.status === 'succeeded',
      20_000,
    );
    expect(tasks).toEqual([expect.objectContaining({ instanceId: ID, condition: 'down', status: 'succeeded', outcome: 'succeeded' })]);
    expect(fleet.actionsPerformed({ instanceId: ID, kind: 'restart' })).toBe(1);

    const shown = await json<{ instance: { state: string; conditions: object }; history: { to: string; reason: string }[]; tasks: unknown[] }>('show', ID);
    expect(shown.instance.state).toBe('available');
    expect(shown.instance.conditions).toEqual({});
    expect(shown.history.slice(0, 2).map((e) => e.to)).toEqual(['available', 'restart']);
    expect(shown.history[1]?.reason).toContain(`remediation ${tasks[0]?.id ?? '?'} (down): restart ${ID} (attempt 1 of 2) for down`);
    expect(shown.tasks).toHaveLength(1);

    const human = await sut.warden('show', ID);
    expect(human.out).toContain('remediation tasks');
    const detail = await sut.warden('task', tasks[0]?.id ?? '');
    expect(detail.out).toMatch(/restart\s+1\s+verified/);
  });

  it('rehearses a remediation with --rehearse: planned and recorded, nothing performed, the condition cleared after', async () => {
    const other = fleet.instances().find((i) => i.id !== ID && i.service === 'postgres')?.id ?? '';
    const raised = await json<{ outcome: string; taskId: string; dryRun: boolean }>('remediate', other, 'down', '--reason', 'what would you do?', '--rehearse');
    expect(raised).toMatchObject({ outcome: 'raised', dryRun: true });
    const tasks = await until(
      () => json<{ id: string; status: string; dryRun: boolean }[]>('tasks', '--instance', other),
      (t) => t[0]?.status === 'dry-run',
      20_000,
    );
    expect(tasks).toEqual([expect.objectContaining({ id: raised.taskId, status: 'dry-run', dryRun: true, summary: expect.stringContaining(`would restart ${other}`) })]);
    expect(fleet.actionsPerformed({ instanceId: other })).toBe(0);
    const shown = await until(
      () => json<{ instance: { state: string; conditions?: object } }>('show', other),
      (s) => Object.keys(s.instance.conditions ?? {}).length === 0,
      10_000,
    );
    expect(shown.instance).toMatchObject({ state: 'available', conditions: {} });
    const human = await sut.warden('remediate', other, 'down', '--reason', 'again, for real this time? no: rehearse', '--rehearse');
    expect(human.out).toContain('as a rehearsal (nothing will be performed)');
  });

  it('freezes and unfreezes a scope, with the verified principal as actor and the reason kept', async () => {
    const frozen = await json<{ id: string; actor: { id: string }; reason: string }>('freeze', '--scope', 'service:redis', '--expires', '2h', '--reason', 'provider maintenance', '--actor', 'bob', '--yes');
    expect(frozen.actor.id).toBe('arn:aws:iam::000000000000:user/fleetwarden-local-operator');
    expect(frozen.reason).toBe('provider maintenance');
    expect((await json<{ id: string }[]>('freezes')).map((f) => f.id)).toEqual([frozen.id]);
    expect((await sut.warden('unfreeze', frozen.id, '--reason', 'maintenance done')).code).toBe(0);
    expect(await json<unknown[]>('freezes')).toEqual([]);
    expect(await json<unknown[]>('freezes', '--all')).toHaveLength(1);
  });

  it('refuses bad input with the reason, and lists no incidents when there are none', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect((await sut.warden('freeze', '--scope', 'galaxy:far', '--expires', '2h', '--reason', 'x')).code).toBe(1);
    // As breakglass, so that what is refused is the input, not the role.
    process.env.AWS_PROFILE = 'fleetwarden-local-breakglass';
    try {
      expect((await sut.warden('freeze', '--scope', 'fleet', '--expires', '30d', '--reason', 'forever', '--yes')).code).toBe(1);
      expect((await sut.warden('incident', 'release', 'incident:nope', '--reason', 'x', '--yes')).code).toBe(1);
    } finally {
      delete process.env.AWS_PROFILE;
    }
    expect((await sut.warden('remediate', ID, 'down')).code).toBe(2);
    const said = errors.mock.calls.flat().join('\n');
    errors.mockRestore();
    expect(said).toContain('scope must be fleet, service:NAME, zone:ZONE or instance:ID');
    expect(said).toContain('is more than 7 days away');
    expect(said).toContain('no incident incident:nope');
    expect(said).toContain('missing --reason');
    expect(await json<unknown[]>('incidents')).toEqual([]);
  });

  it('reports the return on automation from the ledger: the fix without a human, its restart, the rehearsal left out', async () => {
    const report = await json<{ conditions: Record<string, unknown>; actions: unknown[]; pages: { total: number }; timeToRecoverSeconds: { count: number } }>('report', 'automation', '--days', '1');
    expect(report.conditions).toMatchObject({ fixedWithoutHuman: 1, escalated: 0, failed: 0, automationRatePct: 100 });
    expect(report.actions).toEqual([{ kind: 'restart', count: 1, minutesEach: 20, minutesSaved: 20 }]);
    expect(report.timeToRecoverSeconds.count).toBe(1);
    expect(report.pages.total).toBe(0);
    const priced = await json<{ hoursSaved: number }>('report', 'automation', '--minutes', 'restart=90');
    expect(priced.hoursSaved).toBe(1.5);
    const file = join(mkdtempSync(join(tmpdir(), 'warden-report-')), 'automation.html');
    expect((await sut.warden('report', 'automation', '--days', '1', '--html', file)).code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('In the last day automation fixed 1 of 1 conditions without waking anyone (100%)');
    expect(html).toContain('<svg');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect((await sut.warden('report', 'automation', '--minutes', 'reboot=5')).code).toBe(1);
    expect((await sut.warden('report', 'automation', '--days', '400')).code).toBe(2);
    expect(errors.mock.calls.flat().join(' ')).toContain('unknown action "reboot"');
    errors.mockRestore();
  });
});
