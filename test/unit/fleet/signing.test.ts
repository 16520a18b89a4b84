import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeSignature, newNonce, signRequest, verifySignature } from '../../../shared/adapters/fleet/signing.ts';

const now = new Date('2025-03-01T12:00:00.000Z');
const NONCE = 'n0nce-0123456789abcdef';
const request = {
  method: 'POST',
  host: 'cp.example.com',
  path: '/v1/actions',
  idempotencyKey: 'task-9:restart',
  body: '{"kind":"restart","instanceId":"pg-1"}',
};

/** What a server reads back from a request signed with `key` at `at`. */
function received(key: string, at = now, parts = request) {
  const headers = signRequest(key, parts, at, NONCE);
  return { ...parts, timestamp: headers['x-fleetwarden-timestamp'], nonce: headers['x-fleetwarden-nonce'], signature: headers['x-fleetwarden-signature'], keys: [key], now };
}

describe('request signing', () => {
  it('signs timestamp, nonce, method, host, path, idempotency key and body, one per line, with HMAC-SHA256 as v2=<hex>', () => {
    const text = ['v2', '1740830400', NONCE, 'POST', 'cp.example.com', '/v1/actions', 'task-9:restart', request.body].join('\n');
    const expected = createHmac('sha256', 'secret').update(text).digest('hex');
    expect(computeSignature('secret', { ...request, timestamp: '1740830400', nonce: NONCE })).toBe(`v2=${expected}`);
  });

  it('stamps requests with the clock in whole seconds and a fresh nonce each time', () => {
    const headers = signRequest('secret', request, now);
    expect(headers['x-fleetwarden-timestamp']).toBe('1740830400');
    expect(headers['x-fleetwarden-nonce']).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(headers['x-fleetwarden-signature']).toBe(computeSignature('secret', { ...request, timestamp: '1740830400', nonce: headers['x-fleetwarden-nonce'] ?? '' }));
    expect(signRequest('secret', request, now)['x-fleetwarden-nonce']).not.toBe(headers['x-fleetwarden-nonce']);
    expect(new Set(Array.from({ length: 1000 }, newNonce)).size).toBe(1000);
  });

  it('accepts a request signed with the key, or with either key during a rotation', () => {
    const input = received('new-key');
    expect(verifySignature(input)).toEqual({ ok: true, timestamp: 1740830400, nonce: NONCE });
    expect(verifySignature({ ...input, keys: ['old-key', 'new-key'] }).ok).toBe(true);
    expect(verifySignature({ ...input, keys: ['old-key'] })).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('rejects a signature sent with another body, path, idempotency key, host, method or nonce', () => {
    const input = received('key');
    const tampered = [
      { body: '{"kind":"replace","instanceId":"pg-1"}' },
      { path: '/v1/actions?x=1' },
      { idempotencyKey: 'task-10:restart' },
      { idempotencyKey: '' },
      { host: 'other-cp.example.com' },
      { host: 'cp.example.com:8443' },
      { method: 'GET' },
      { nonce: 'another-nonce-0123456789' },
    ];
    for (const change of tampered) expect(verifySignature({ ...input, ...change }), JSON.stringify(change)).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('treats the host case-insensitively, as HTTP does', () => {
    expect(verifySignature({ ...received('key'), host: 'CP.Example.COM' }).ok).toBe(true);
  });

  it('rejects requests older or newer than the tolerance: a replay after the window is refused by its timestamp', () => {
    const input = received('key', new Date(now.getTime() - 301_000));
    expect(verifySignature(input)).toEqual({ ok: false, reason: 'timestamp outside tolerance' });
    expect(verifySignature({ ...input, toleranceSeconds: 600 }).ok).toBe(true);
    expect(verifySignature({ ...input, now: new Date(now.getTime() - 902_000), toleranceSeconds: 600 }).ok).toBe(false);
    expect(verifySignature({ ...received('key', new Date(now.getTime() + 301_000)) })).toEqual({ ok: false, reason: 'timestamp outside tolerance' });
  });

  it('rejects requests without their headers, or with a malformed timestamp or nonce', () => {
    const input = received('key');
    expect(verifySignature({ ...input, signature: undefined })).toEqual({ ok: false, reason: 'missing signature headers' });
    expect(verifySignature({ ...input, nonce: undefined })).toEqual({ ok: false, reason: 'missing signature headers' });
    expect(verifySignature({ ...input, timestamp: '12abc' })).toEqual({ ok: false, reason: 'malformed timestamp' });
    expect(verifySignature({ ...input, nonce: 'short' })).toEqual({ ok: false, reason: 'malformed nonce' });
    expect(verifySignature({ ...input, nonce: `${NONCE}\nPOST` })).toEqual({ ok: false, reason: 'malformed nonce' });
  });
});
