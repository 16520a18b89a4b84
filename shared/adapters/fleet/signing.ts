import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-fleetwarden-timestamp';
export const NONCE_HEADER = 'x-fleetwarden-nonce';
export const SIGNATURE_HEADER = 'x-fleetwarden-signature';
/** How far a request's timestamp may be from the server's clock before it counts as replayed. */
export const DEFAULT_TOLERANCE_SECONDS = 300;
/** 16 to 64 URL-safe characters: what `newNonce` makes, and all a verifier accepts. */
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

export interface SignedParts {
  /** Unix time in whole seconds, as sent in the timestamp header. */
  timestamp: string;
  /** Unique per request (retries included): the server refuses one it has seen inside the tolerance window. */
  nonce: string;
  method: string;
  /** The authority the request is sent to, as in its Host header: `cp.example.com`, or `127.0.0.1:8080`. */
  host: string;
  /** The request target as the server sees it: path and query, e.g. `/v1/instances/pg-1/health`. */
  path: string;
  /** The Idempotency-Key header; empty when the request has none. */
  idempotencyKey: string;
  body: string;
}

/**
 * The request signature: `v2=` and the hex HMAC-SHA256 of `v2`, the timestamp, nonce, METHOD, host, path,
 * idempotency key and body, one per line. Header values hold no line break, and the body comes last, so no two
 * requests share a signed text. Binding the host stops a signature captured for one control plane being sent to
 * another, binding the idempotency key stops it being replayed as another action; the timestamp bounds replays to
 * the tolerance window and the nonce lets the server refuse them inside it.
 */
export function computeSignature(key: string, parts: SignedParts): string {
  const lines = ['v2', parts.timestamp, parts.nonce, parts.method.toUpperCase(), parts.host.toLowerCase(), parts.path, parts.idempotencyKey, parts.body];
  return `v2=${createHmac('sha256', key).update(lines.join('\n')).digest('hex')}`;
}

/** A fresh nonce: 128 random bits, base64url. */
export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** The three headers a signed request carries. */
export function signRequest(key: string, request: Omit<SignedParts, 'timestamp' | 'nonce'>, now: Date, nonce = newNonce()): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [NONCE_HEADER]: nonce, [SIGNATURE_HEADER]: computeSignature(key, { ...request, timestamp, nonce }) };
}

export interface VerifyInput extends Omit<SignedParts, 'timestamp' | 'nonce'> {
  timestamp: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
  /** Every key currently accepted: during a rotation both the old and the new one. */
  keys: readonly string[];
  now: Date;
  toleranceSeconds?: number;
}

export type Verdict = { ok: true; timestamp: number; nonce: string } | { ok: false; reason: string };

/**
 * Checks a request's signature in constant time against each accepted key, and that its timestamp is inside the
 * tolerance. Whether its nonce was seen before is the caller's to check (`NonceCache`), once the signature holds.
 */
export function verifySignature(input: VerifyInput): Verdict {
  const { timestamp, nonce, signature } = input;
  if (timestamp === undefined || nonce === undefined || signature === undefined) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (!NONCE.test(nonce)) return { ok: false, reason: 'malformed nonce' };
  const skew = Math.abs(input.now.getTime() / 1000 - Number(timestamp));
  if (skew > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: 'timestamp outside tolerance' };
  const given = Buffer.from(signature);
  const matches = input.keys.some((key) => {
    const expected = Buffer.from(computeSignature(key, { ...input, timestamp, nonce }));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  return matches ? { ok: true, timestamp: Number(timestamp), nonce } : { ok: false, reason: 'signature does not match' };
}
