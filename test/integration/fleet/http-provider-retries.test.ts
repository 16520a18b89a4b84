import { afterEach, describe, expect, it, vi } from 'vitest';
import { FleetActionRejectedError, FleetResponseInvalidError, FleetUnavailableError } from '../../../shared/adapters/fleet/errors.ts';
import { HttpControlPlaneProvider, type HttpProviderOptions } from '../../../shared/adapters/fleet/http-provider.ts';
import { verifySignature } from '../../../shared/adapters/fleet/signing.ts';
import { reply, startScriptedServer, type Script } from './scripted-server.ts';

const KEY = 'retry-key';
const ACTION = { kind: 'restart', instanceId: 'pg-1', idempotencyKey: 'task-9:restart' } as const;
const RECEIPT = { operationId: 'op-77' };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function scripted(script: Script) {
  const server = await startScriptedServer(script);
  closers.push(server.close);
  return server;
}

function provider(baseUrl: string, options: Partial<HttpProviderOptions> = {}): HttpControlPlaneProvider {
  return new HttpControlPlaneProvider({ baseUrl, keySource: async () => KEY, timeoutMs: 500, backoff: { baseMs: 1, maxMs: 5 }, ...options });
}

describe('HttpControlPlaneProvider retries and failures', () => {
  it('sends a signed JSON body with the idempotency key, under the base URL path', async () => {
    const server = await scripted((_, __, res) => reply(res, 200, RECEIPT));
    await provider(`${server.url}/prod/`).perform({ ...ACTION, params: { sizeGb: 200 } });
    const [sent] = server.requests;
    expect(sent).toMatchObject({ method: 'POST', url: '/prod/v1/actions', headers: { 'idempotency-key': ACTION.idempotencyKey } });
    expect(JSON.parse(sent?.body ?? '')).toEqual({ kind: 'restart', instanceId: 'pg-1', params: { sizeGb: 200 } });
    const header = (name: string) => sent?.headers[name] as string | undefined;
    const verdict = verifySignature({
      method: 'POST', host: header('host') ?? '', path: sent?.url ?? '', idempotencyKey: ACTION.idempotencyKey, body: sent?.body ?? '',
      keys: [KEY], now: new Date(),
      timestamp: header('x-fleetwarden-timestamp'), nonce: header('x-fleetwarden-nonce'), signature: header('x-fleetwarden-signature'),
    });
    expect(verdict.ok).toBe(true);
    expect(header('host')).toBe(new URL(server.url).host);
  });

  it('sends an idempotency key with every probe too, the same across the retries of one probe and new for the next', async () => {
    const probe = { instanceId: 'pg-1', at: new Date().toISOString(), reachable: true, healthy: true };
    const server = await scripted((i, _, res) => (i === 0 ? reply(res, 503, { message: 'busy' }) : reply(res, 200, probe)));
    const client = provider(server.url);
    await client.probe('pg-1');
    await client.probe('pg-1');
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
    expect(keys.every((k) => typeof k === 'string' && k.startsWith('probe:pg-1:'))).toBe(true);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[1]);
  });

  it('retries after 503s and succeeds, reusing the same idempotency key', async () => {
    const server = await scripted((index, _, res) => (index < 2 ? reply(res, 503, { message: 'busy' }) : reply(res, 200, RECEIPT)));
    await expect(provider(server.url).perform(ACTION)).resolves.toEqual(RECEIPT);
    expect(server.requests.map((request) => request.headers['idempotency-key'])).toEqual(Array(3).fill(ACTION.idempotencyKey));
  });

  it('retries when throttled with 429', async () => {
    const server = await scripted((index, _, res) => (index === 0 ? reply(res, 429, { message: 'slow down' }, { 'retry-after': '0' }) : reply(res, 200, RECEIPT)));
    await expect(provider(server.url).perform(ACTION)).resolves.toEqual(RECEIPT);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up with FleetUnavailableError after the configured attempts when 5xx persist', async () => {
    const server = await scripted((_, __, res) => reply(res, 500, 'kaput'));
    const failure = provider(server.url, { attempts: 4 }).perform(ACTION);
    await expect(failure).rejects.toThrow(FleetUnavailableError);
    await expect(failure).rejects.toMatchObject({ reason: 'server-error', attempts: 4, kind: 'transient' });
    expect(server.requests).toHaveLength(4);
  });

  it('times out each attempt and gives up after the configured attempts', async () => {
    // The server never answers: a rejection at all, with reason timeout and two attempts, is the per-attempt timeout.
    const server = await scripted(() => 'hang');
    const failure = provider(server.url, { timeoutMs: 250, attempts: 2 }).probe('pg-1');
    await expect(failure).rejects.toMatchObject({ name: 'FleetUnavailableError', reason: 'timeout', attempts: 2 });
    // On a loaded machine the server may log the second request just after the client gave up on it.
    await vi.waitFor(() => expect(server.requests).toHaveLength(2));
  });

  it('does not retry a 400 and passes on the server message', async () => {
    const server = await scripted((_, __, res) => reply(res, 400, { message: 'sizeGb must be a number' }));
    const failure = provider(server.url).perform(ACTION);
    await expect(failure).rejects.toThrow(FleetActionRejectedError);
    await expect(failure).rejects.toMatchObject({ status: 400, serverMessage: 'sizeGb must be a number', kind: 'permanent' });
    expect(server.requests).toHaveLength(1);
  });

  it('treats a refused connection as unavailable after retrying', async () => {
    const server = await scripted(() => undefined);
    await server.close();
    await expect(provider(server.url, { attempts: 2 }).probe('pg-1')).rejects.toMatchObject({ reason: 'network', attempts: 2 });
  });

  it('rejects a 2xx answer that is not a receipt as an invalid response, without retrying', async () => {
    const server = await scripted((_, __, res) => reply(res, 200, { ok: true }));
    await expect(provider(server.url).perform(ACTION)).rejects.toThrow(FleetResponseInvalidError);
    expect(server.requests).toHaveLength(1);
  });
});
