/**
 * The reference control plane against captured and forged requests, sent raw over HTTP (node:http lets a test set
 * the Host header, which fetch does not): a request replayed inside the signature window, after it, sent to another
 * host, or with its idempotency key swapped, is refused and acts on nothing.
 */
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startControlPlaneServer, type ControlPlaneServerOptions } from '../../../sim/control-plane-server.ts';
import { signRequest } from '../../../shared/adapters/fleet/signing.ts';
import { SimulatedFleet } from '../../../sim/simulated-fleet.ts';

const KEY = 'replay-test-key';
const BODY = JSON.stringify({ kind: 'restart', instanceId: 'pg-1', params: {} });
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

interface Sent {
  host: string;
  headers: Record<string, string>;
  body: string;
}
interface Answer {
  status: number;
  message: string;
}

async function served(options: Partial<ControlPlaneServerOptions> = {}) {
  const fleet = new SimulatedFleet({
    now: () => new Date(),
    seed: 3,
    instances: [{ id: 'pg-1', service: 'postgres', zone: 'zone-a', cellId: 'cell-a1', role: { kind: 'primary', cluster: 'pg' } }],
  });
  fleet.crash('pg-1');
  const server = await startControlPlaneServer({ fleet, key: KEY, ...options });
  closers.push(server.close);
  return { fleet, url: new URL(server.url) };
}

/** A restart of pg-1 as the worker signs it: for `host`, with `idempotencyKey`, stamped `at`. */
function signedRestart(host: string, idempotencyKey = 'task-1:restart', at = new Date()): Sent {
  const signature = signRequest(KEY, { method: 'POST', host, path: '/v1/actions', idempotencyKey, body: BODY }, at);
  return { host, headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, ...signature }, body: BODY };
}

/** Sends `sent` to the server at `url` byte for byte, its Host header included. */
function send(url: URL, sent: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: 'POST', path: '/v1/actions', headers: { ...sent.headers, host: sent.host } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, message: (JSON.parse(text) as { message?: string }).message ?? '' }));
      },
    );
    req.on('error', reject);
    req.end(sent.body);
  });
}

describe('the reference control plane against replayed and redirected requests', () => {
  it('acts on a signed request once and refuses the same request sent again inside the window', async () => {
    const { fleet, url } = await served();
    const captured = signedRestart(url.host);
    expect((await send(url, captured)).status).toBe(200);
    const replay = await send(url, captured);
    expect(replay.status).toBe(401);
    expect(replay.message).toBe(`request replayed: nonce ${captured.headers['x-fleetwarden-nonce'] ?? ''} was already used`);
    expect(fleet.actionsPerformed()).toBe(1);
  });

  it('refuses a captured request replayed after the window by its timestamp', async () => {
    let clock = Date.now();
    const { fleet, url } = await served({ now: () => new Date(clock), toleranceSeconds: 60 });
    const captured = signedRestart(url.host, 'task-1:restart', new Date(clock));
    clock += 61_000;
    expect(await send(url, captured)).toEqual({ status: 401, message: 'timestamp outside tolerance' });
    expect(fleet.actionsPerformed()).toBe(0);
  });

  it('refuses a request with its idempotency key swapped for another', async () => {
    const { fleet, url } = await served();
    const captured = signedRestart(url.host, 'task-1:restart');
    const swapped = { ...captured, headers: { ...captured.headers, 'idempotency-key': 'task-2:restart' } };
    expect(await send(url, swapped)).toEqual({ status: 401, message: 'signature does not match' });
    expect(fleet.actionsPerformed()).toBe(0);
  });

  it('refuses a request signed for another control plane, whether its Host header says so or not', async () => {
    const { fleet, url } = await served();
    const forOther = signedRestart('cp.other.example.com');
    expect(await send(url, forOther)).toEqual({ status: 401, message: `request signed for host 'cp.other.example.com', this control plane is 127.0.0.1:${url.port} or localhost:${url.port}` });
    expect(await send(url, { ...forOther, host: url.host })).toEqual({ status: 401, message: 'signature does not match' });
    expect(fleet.actionsPerformed()).toBe(0);
  });

  it('answers for the hosts it is configured with', async () => {
    const { fleet, url } = await served({ hosts: ['cp.example.com'] });
    expect((await send(url, signedRestart('cp.example.com'))).status).toBe(200);
    expect((await send(url, signedRestart(url.host, 'task-2:restart'))).status).toBe(401);
    expect(fleet.actionsPerformed()).toBe(1);
  });

  it('with its nonce cache full of live nonces, answers 503 (retryable) rather than forget one', async () => {
    const { fleet, url } = await served({ nonceCapacity: 1 });
    expect((await send(url, signedRestart(url.host, 'task-1:restart'))).status).toBe(200);
    expect(await send(url, signedRestart(url.host, 'task-2:restart'))).toEqual({
      status: 503,
      message: 'too many requests inside the signature window to check for replays; retry',
    });
    expect(fleet.actionsPerformed()).toBe(1);
  });
});
