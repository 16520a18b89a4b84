import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-fleetwarden-timestamp';
export const SIGNATURE_HEADER = 'x-fleetwarden-signature';
/** How far a request's timestamp may be from the server's clock before it counts as replayed. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export interface SignedParts {
  /** Unix time in whole seconds, as sent in the timestamp header. */
  timestamp: string;
  method: string;
  /** The request target as the server sees it: path and query, e.g. `/v1/instances/pg-1/health`. */
  path: string;
  body: string;
}

/**
 * The request signature: `v1=` and the hex HMAC-SHA256 of `${timestamp}.${METHOD}.${path}.${body}`. Binding
 * the method, path and body stops a captured signature being reused for another request; the timestamp bounds
 * replays to the tolerance window.
 */
export function computeSignature(key: string, parts: SignedParts): string {
  const payload = `${parts.timestamp}.${parts.method.toUpperCase()}.${parts.path}.${parts.body}`;
  return `v1=${createHmac('sha256', key).update(payload).digest('hex')}`;
}

/** The two headers a signed request carries. */
export function signRequest(key: string, request: Omit<SignedParts, 'timestamp'>, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: computeSignature(key, { ...request, timestamp }) };
}

export interface VerifyInput extends Omit<SignedParts, 'timestamp'> {
  timestamp: string | undefined;
  signature: string | undefined;
  /** Every key currently accepted: during a rotation both the old and the new one. */
  keys: readonly string[];
  now: Date;
  toleranceSeconds?: number;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/** Checks a request's signature in constant time against each accepted key. */
export function verifySignature(input: VerifyInput): Verdict {
  const { timestamp, signature } = input;
  if (timestamp === undefined || signature === undefined) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  const skew = Math.abs(input.now.getTime() / 1000 - Number(timestamp));
  if (skew > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: 'timestamp outside tolerance' };
  const given = Buffer.from(signature);
  const matches = input.keys.some((key) => {
    const expected = Buffer.from(computeSignature(key, { ...input, timestamp }));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  return matches ? { ok: true } : { ok: false, reason: 'signature does not match' };
}
