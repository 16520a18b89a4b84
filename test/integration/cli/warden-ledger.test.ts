import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStackUnderTest, type StackUnderTest } from '../../support/local-stack.ts';

let sut: StackUnderTest;

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  sut = await startStackUnderTest();
  // The fleet announces an instance on the fleet bus, with the sample events from events/.
  for (const file of ['events/fleet-instance-created.json', 'events/fleet-instance-ready.json']) {
    const event = JSON.parse(readFileSync(file, 'utf8')) as { 'detail-type': string; source: string; detail: unknown };
    await sut.stack.bus.put(String(process.env.FLEET_BUS_NAME), { 'detail-type': event['detail-type'], source: event.source, resources: [], detail: event.detail });
  }
});

afterAll(async () => {
  await sut.stack.stop();
});

describe('warden against the local stack', () => {
  it('shows status as JSON totals by state', async () => {
    const status = await until(
      async () => JSON.parse((await sut.warden('status', '--json')).out) as { total: number; byState: Record<string, number> },
      (s) => s.byState.available === 1,
    );
    expect(status).toMatchObject({ total: 1, byState: { available: 1 } });
  });

  it('lists instances with id, service, state and version', async () => {
    const { code, out } = await sut.warden('list', '--state', 'available', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([expect.objectContaining({ id: 'pg-orders-1', service: 'postgres', state: 'available', version: 2 })]);
  });

  it('makes a manual transition with the verified principal as actor (the typed name is only a note), and shows it newest first', async () => {
    const done = await sut.warden('transition', 'pg-orders-1', 'restart', '--reason', 'testing the restart path', '--actor', 'alice');
    expect(done.code).toBe(0);
    const { out } = await sut.warden('show', 'pg-orders-1', '--json');
    const shown = JSON.parse(out) as { instance: { state: string }; history: { from: string | null; to: string; actor: { id: string }; reason: string }[] };
    expect(shown.instance.state).toBe('restart');
    expect(shown.history.map((e) => [e.from, e.to])).toEqual([['available', 'restart'], ['installing', 'available'], [null, 'installing']]);
    expect(shown.history[0]).toMatchObject({
      actor: { kind: 'engineer', id: 'arn:aws:iam::000000000000:user/fleetwarden-local-operator' },
      reason: 'testing the restart path',
    });
  });

  it('refuses a transition the table forbids to an operator, naming the role it needs, with a non-zero exit, writing nothing', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const refused = await sut.warden('transition', 'pg-orders-1', 'archived', '--reason', 'wrong', '--yes');
    expect(refused.code).toBe(1);
    expect(errors.mock.calls.flat().join(' ')).toContain('forcing pg-orders-1 from restart to archived (the lifecycle table forbids it) needs role breakglass');
    errors.mockRestore();
    const { out } = await sut.warden('show', 'pg-orders-1', '--json');
    expect((JSON.parse(out) as { history: unknown[] }).history).toHaveLength(3);
  });

  it('answers bad arguments with usage and exit code 2', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect((await sut.warden('transition', 'pg-orders-1', 'restart')).code).toBe(2);
    expect(errors.mock.calls.flat().join(' ')).toContain('missing --reason');
    expect((await sut.warden('frobnicate')).code).toBe(2);
    expect((await sut.warden('list', '--bogus')).code).toBe(2);
    errors.mockRestore();
  });

  it('reports an unknown instance clearly', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect((await sut.warden('show', 'nope-1')).code).toBe(1);
    expect(errors.mock.calls.flat().join(' ')).toContain('no instance nope-1 is registered');
    errors.mockRestore();
  });

  it('says whether detection is holding, in status and in full, and refuses to release what is not held', async () => {
    const scheduled = JSON.parse(readFileSync('../shared/aws-events/eventbridge-scheduled-event-lambda-docs.json', 'utf8')) as unknown;
    const planned = (await sut.stack.invoke('sweeper', scheduled)) as { held: string[] };
    expect(planned.held).toEqual([]);
    expect((await sut.warden('status')).out).toContain('detection judging normally');
    const status = JSON.parse((await sut.warden('status', '--json')).out) as { detection: { held: boolean; lastSweepAt?: string } };
    expect(status.detection).toMatchObject({ held: false, lastSweepAt: expect.any(String) });
    const detection = JSON.parse((await sut.warden('detection', '--json')).out) as { held: boolean; scopes: unknown[] };
    expect(detection).toMatchObject({ held: false, scopes: [] });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect((await sut.warden('detection-release', 'postgres', '--reason', 'checking')).code).toBe(1);
    expect(errors.mock.calls.flat().join(' ')).toContain('service postgres is not held as implausible silence');
    errors.mockRestore();
  });
});
