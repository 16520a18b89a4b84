import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../../shared/adapters/fleet/http-attempt.ts';
import { HttpControlPlaneProvider } from '../../../shared/adapters/fleet/http-provider.ts';
import { FleetActionRejectedError, FleetUnavailableError } from '../../../shared/adapters/fleet/index.ts';
import { SimulatorProvider } from '../../../sim/simulator-provider.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { smallFleet } from './fleet-fixture.ts';

const keySource = async () => 'key';

describe('the fleet providers', () => {
  it('the simulator provider acts on the simulated fleet', async () => {
    const fleet = smallFleet();
    fleet.crash('kf-1');
    const provider = new SimulatorProvider(fleet);
    expect(provider.name).toBe('simulator');
    await provider.perform({ kind: 'restart', instanceId: 'kf-1', idempotencyKey: 'k' });
    expect(await provider.probe('kf-1')).toMatchObject({ instanceId: 'kf-1', healthy: true, reachable: true });
  });

  it('surfaces the same typed errors from the simulator as from the control plane', async () => {
    const fleet = smallFleet();
    fleet.injectActionFault({ kind: 'restart', mode: 'timeout' });
    const provider = new SimulatorProvider(fleet, { actionLatencyMs: 1 });
    await expect(provider.perform({ kind: 'restart', instanceId: 'rd-1', idempotencyKey: 'k' })).rejects.toThrow(FleetUnavailableError);
    await expect(provider.probe('ghost')).rejects.toThrow(FleetActionRejectedError);
  });

  it('the HTTP provider takes an https control plane, and refuses plain http except to the local machine', () => {
    expect(() => new HttpControlPlaneProvider({ baseUrl: 'https://control.example.com/prod', keySource })).not.toThrow();
    expect(() => new HttpControlPlaneProvider({ baseUrl: 'http://control.example.com', keySource })).toThrow(ValidationError);
    expect(() => new HttpControlPlaneProvider({ baseUrl: 'not a url', keySource })).toThrow(ValidationError);
    expect(() => new HttpControlPlaneProvider({ baseUrl: 'http://127.0.0.1:8080', keySource })).not.toThrow();
    expect(() => new HttpControlPlaneProvider({ baseUrl: 'http://localhost:8080', keySource })).not.toThrow();
  });
});

describe('retry backoff', () => {
  const options = { baseMs: 100, maxMs: 1000 };

  it('doubles the ceiling each attempt up to the cap, with full jitter', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, options, () => 0.999999))).toEqual(
      [100, 200, 400, 800, 1000].map((ceiling) => expect.closeTo(ceiling, 2)),
    );
    expect(backoffMs(3, options, () => 0.5)).toBe(200);
    expect(backoffMs(3, options, () => 0)).toBe(0);
  });

  it('waits at least what Retry-After asks, within the cap', () => {
    expect(backoffMs(1, options, () => 0, 500)).toBe(500);
    expect(backoffMs(1, options, () => 0, 30_000)).toBe(1000);
  });
});
