import { afterEach, describe, expect, it } from 'vitest';
import { startControlPlaneServer } from '../../../sim/control-plane-server.ts';
import { FleetActionRejectedError, FleetUnavailableError } from '../../../shared/adapters/fleet/errors.ts';
import { HttpControlPlaneProvider, type HttpProviderOptions } from '../../../shared/adapters/fleet/http-provider.ts';
import { SimulatedFleet } from '../../../sim/simulated-fleet.ts';

const KEY = 'test-signing-key';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function testFleet(): SimulatedFleet {
  return new SimulatedFleet({
    now: () => new Date(),
    seed: 5,
    instances: [
      { id: 'pg-1', service: 'postgres', zone: 'zone-a', cellId: 'cell-a1', role: { kind: 'primary', cluster: 'pg' } },
      { id: 'pg-2', service: 'postgres', zone: 'zone-b', cellId: 'cell-b1', role: { kind: 'replica', cluster: 'pg' } },
    ],
  });
}

async function served(fleet: SimulatedFleet, serverKey: string | string[] = KEY) {
  const server = await startControlPlaneServer({ fleet, key: serverKey, port: 0 });
  closers.push(server.close);
  return server;
}

function provider(baseUrl: string, options: Partial<HttpProviderOptions> = {}): HttpControlPlaneProvider {
  return new HttpControlPlaneProvider({ baseUrl, keySource: async () => KEY, timeoutMs: 1000, backoff: { baseMs: 1, maxMs: 5 }, ...options });
}

describe('HttpControlPlaneProvider against the fake control plane', () => {
  it('restarts a crashed instance and sees it healthy in the next probe', async () => {
    const fleet = testFleet();
    fleet.crash('pg-1');
    const client = provider((await served(fleet)).url);
    const receipt = await client.perform({ kind: 'restart', instanceId: 'pg-1', idempotencyKey: 'task-1:restart' });
    expect(receipt.operationId).toMatch(/^op-/);
    expect(await client.probe('pg-1')).toMatchObject({ instanceId: 'pg-1', healthy: true, reachable: true, diskPct: 40 });
  });

  it('carries the backup, credential and TLS evidence that verification needs in probes', async () => {
    const fleet = testFleet();
    const client = provider((await served(fleet)).url);
    await client.perform({ kind: 'take-backup', instanceId: 'pg-2', idempotencyKey: 'task-5:backup' });
    const probe = await client.probe('pg-2');
    expect(probe).toMatchObject({ tlsEnforced: true, lastBackupAt: fleet.instance('pg-2').lastBackupAt, replicationLagSeconds: 0 });
  });

  it('returns the replacement instance id from a replace', async () => {
    const fleet = testFleet();
    const client = provider((await served(fleet)).url);
    const receipt = await client.perform({ kind: 'replace', instanceId: 'pg-2', idempotencyKey: 'task-2:replace' });
    expect(fleet.instance(receipt.newInstanceId ?? 'missing').role).toEqual({ kind: 'replica', cluster: 'pg' });
  });

  it('is refused with 401 when it signs with the wrong key, and nothing acts', async () => {
    const fleet = testFleet();
    const client = provider((await served(fleet)).url, { keySource: async () => 'wrong-key' });
    const failure = client.perform({ kind: 'restart', instanceId: 'pg-1', idempotencyKey: 'k' });
    await expect(failure).rejects.toThrow(FleetActionRejectedError);
    await expect(failure).rejects.toMatchObject({ status: 401, serverMessage: 'signature does not match' });
    expect(fleet.actionsPerformed()).toBe(0);
  });

  it('is refused with 401 when its clock is off by more than the tolerance', async () => {
    const client = provider((await served(testFleet())).url, { now: () => new Date(Date.now() - 600_000) });
    await expect(client.probe('pg-1')).rejects.toMatchObject({ status: 401, serverMessage: 'timestamp outside tolerance' });
  });

  it('re-reads a rotated key after a 401 instead of waiting for the cache to expire', async () => {
    const keys = ['old-key', 'new-key'];
    let reads = 0;
    const client = provider((await served(testFleet(), 'new-key')).url, { keySource: async () => keys[Math.min(reads++, 1)] ?? '' });
    await expect(client.probe('pg-1')).resolves.toMatchObject({ healthy: true });
    expect(reads).toBe(2);
  });

  it('acts once when the same action is sent twice with one idempotency key', async () => {
    const fleet = testFleet();
    const client = provider((await served(fleet)).url);
    const action = { kind: 'failover', instanceId: 'pg-1', idempotencyKey: 'task-3:failover' } as const;
    const [first, second] = [await client.perform(action), await client.perform(action)];
    expect(second).toEqual(first);
    expect(first.newInstanceId).toBe('pg-2');
    expect(fleet.actionsPerformed({ kind: 'failover' })).toBe(1);
  });

  it('retries an action that timed out once, and it then acts exactly once', async () => {
    const fleet = testFleet();
    fleet.injectActionFault({ kind: 'restart', mode: 'timeout', times: 1 });
    const client = provider((await served(fleet)).url, { timeoutMs: 100 });
    await client.perform({ kind: 'restart', instanceId: 'pg-1', idempotencyKey: 'task-4:restart' });
    expect(fleet.actionsPerformed({ idempotencyKey: 'task-4:restart' })).toBe(1);
  });

  it('does not retry an action the control plane says failed', async () => {
    const fleet = testFleet();
    fleet.injectActionFault({ kind: 'restart', mode: 'fail', times: 1 });
    const client = provider((await served(fleet)).url);
    await expect(client.perform({ kind: 'restart', instanceId: 'pg-1', idempotencyKey: 'k' })).rejects.toMatchObject({ status: 422 });
    expect(fleet.actionsPerformed()).toBe(0);
  });

  it('reports an unknown instance as a 404 rejection', async () => {
    const client = provider((await served(testFleet())).url);
    await expect(client.probe('ghost')).rejects.toMatchObject({ name: 'FleetActionRejectedError', status: 404, target: { operation: 'probe', instanceId: 'ghost' } });
  });
});
