import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeSignature, signRequest, verifySignature } from '../../../shared/adapters/fleet/signing.ts';

const now = new Date('2025-03-01T12:00:00.000Z');
const request = { method: 'POST', path: '/v1/actions', body: '{"kind":"restart","instanceId":"pg-1"}' };

describe('request signing', () => {
  it('signs timestamp, method, path and body with HMAC-SHA256 as v1=<hex>', () => {
    const parts = { ...request, timestamp: '1740830400' };
    const expected = createHmac('sha256', 'secret').update(`1740830400.POST./v1/actions.${request.body}`).digest('hex');
    expect(computeSignature('secret', parts)).toBe(`v1=${expected}`);
  });

  it('stamps requests with the clock in whole seconds', () => {
    const headers = signRequest('secret', request, now);
    expect(headers['x-fleetwarden-timestamp']).toBe('1740830400');
    expect(headers['x-fleetwarden-signature']).toBe(computeSignature('secret', { ...request, timestamp: '1740830400' }));
  });

  it('accepts a request signed with the key, or with either key during a rotation', () => {
    const headers = signRequest('new-key', request, now);
    const input = { ...request, timestamp: headers['x-fleetwarden-timestamp'], signature: headers['x-fleetwarden-signature'], now };
    expect(verifySignature({ ...input, keys: ['new-key'] })).toEqual({ ok: true });
    expect(verifySignature({ ...input, keys: ['old-key', 'new-key'] })).toEqual({ ok: true });
    expect(verifySignature({ ...input, keys: ['old-key'] })).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('rejects a signature replayed for another body or path', () => {
    const headers = signRequest('key', request, now);
    const base = { timestamp: headers['x-fleetwarden-timestamp'], signature: headers['x-fleetwarden-signature'], keys: ['key'], now };
    expect(verifySignature({ ...base, ...request, body: '{"kind":"replace","instanceId":"pg-1"}' }).ok).toBe(false);
    expect(verifySignature({ ...base, ...request, path: '/v1/actions?x=1' }).ok).toBe(false);
  });

  it('rejects requests older or newer than the tolerance, and requests without headers', () => {
    const headers = signRequest('key', request, new Date(now.getTime() - 301_000));
    const input = { ...request, timestamp: headers['x-fleetwarden-timestamp'], signature: headers['x-fleetwarden-signature'], keys: ['key'] };
    expect(verifySignature({ ...input, now })).toEqual({ ok: false, reason: 'timestamp outside tolerance' });
    expect(verifySignature({ ...input, now, toleranceSeconds: 600 })).toEqual({ ok: true });
    expect(verifySignature({ ...input, now: new Date(now.getTime() - 902_000), toleranceSeconds: 600 }).ok).toBe(false);
    expect(verifySignature({ ...input, signature: undefined, now }).ok).toBe(false);
    expect(verifySignature({ ...input, timestamp: '12abc', now })).toEqual({ ok: false, reason: 'malformed timestamp' });
  });
});
