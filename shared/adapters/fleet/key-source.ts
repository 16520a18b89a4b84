import { GetParameterCommand, ParameterNotFound, type SSMClient } from '@aws-sdk/client-ssm';
import { DependencyUnavailableError } from '../../domain/errors.ts';
import { FleetSigningKeyMissingError } from './errors.ts';

/** Where the HTTP provider gets its signing key; called again whenever the cached key expires. */
export type KeySource = () => Promise<string>;

/**
 * Reads the signing key from an SSM SecureString (decrypted). A missing or empty parameter is a permanent
 * configuration error; anything else SSM throws (throttling, network) is transient.
 *
 * @example
 *   const keySource = ssmKeySource(new SSMClient({}), '/fleetwarden/control-plane/signing-key');
 */
export function ssmKeySource(client: SSMClient, parameterName: string): KeySource {
  const source = `ssm:${parameterName}`;
  return async () => {
    try {
      const output = await client.send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }));
      const value = output.Parameter?.Value;
      if (value === undefined || value === '') throw new FleetSigningKeyMissingError(source);
      return value;
    } catch (error) {
      if (error instanceof FleetSigningKeyMissingError) throw error;
      if (error instanceof ParameterNotFound) throw new FleetSigningKeyMissingError(source, { cause: error });
      throw new DependencyUnavailableError(source, { cause: error });
    }
  };
}

export interface KeyCache {
  get(): Promise<string>;
  /** Forget the cached key, e.g. after the server refused our signature. */
  invalidate(): void;
}

/**
 * Caches the key for `ttlMs` so that a rotated key is picked up within the TTL without a read per request.
 * Concurrent callers share one read; a failed read is not cached.
 */
export function cacheKey(source: KeySource, ttlMs: number, now: () => Date): KeyCache {
  let cached: { key: Promise<string>; expiresAt: number } | undefined;
  const invalidate = () => {
    cached = undefined;
  };
  const get = () => {
    const at = now().getTime();
    if (cached !== undefined && at < cached.expiresAt) return cached.key;
    const key = source().then((value) => {
      if (value === '') throw new FleetSigningKeyMissingError('keySource');
      return value;
    });
    const entry = { key, expiresAt: at + ttlMs };
    cached = entry;
    key.catch(() => {
      if (cached === entry) invalidate();
    });
    return key;
  };
  return { get, invalidate };
}
