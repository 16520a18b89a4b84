import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { FleetSigningKeyMissingError } from '../../../shared/adapters/fleet/errors.ts';
import { cacheKey, ssmKeySource } from '../../../shared/adapters/fleet/key-source.ts';
import { DependencyUnavailableError } from '../../../shared/domain/errors.ts';
import { testClock } from './fleet-fixture.ts';

const ssm = mockClient(SSMClient);
const NAME = '/fleetwarden/control-plane/signing-key';

afterEach(() => ssm.reset());

describe('ssmKeySource', () => {
  it('reads the signing key as a decrypted SecureString', async () => {
    ssm.on(GetParameterCommand, { Name: NAME, WithDecryption: true }).resolves({ Parameter: { Name: NAME, Type: 'SecureString', Value: 's3cret' } });
    await expect(ssmKeySource(new SSMClient({}), NAME)()).resolves.toBe('s3cret');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
  });

  it('names the parameter when it is missing or empty, as a permanent error', async () => {
    ssm.on(GetParameterCommand).rejectsOnce(new ParameterNotFound({ message: 'nope', $metadata: {} })).resolves({ Parameter: { Value: '' } });
    const source = ssmKeySource(new SSMClient({}), NAME);
    await expect(source()).rejects.toThrow(FleetSigningKeyMissingError);
    await expect(source()).rejects.toMatchObject({ source: `ssm:${NAME}`, kind: 'permanent' });
  });

  it('treats throttling as transient', async () => {
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(ssmKeySource(new SSMClient({}), NAME)()).rejects.toThrow(DependencyUnavailableError);
  });
});

describe('cacheKey', () => {
  it('reads the key once per TTL and picks up a rotated key after it', async () => {
    const clock = testClock();
    const values = ['key-1', 'key-2'];
    let reads = 0;
    const cache = cacheKey(async () => values[reads++] ?? 'exhausted', 60_000, clock.now);
    expect(await Promise.all([cache.get(), cache.get()])).toEqual(['key-1', 'key-1']);
    clock.advance(59_000);
    expect(await cache.get()).toBe('key-1');
    clock.advance(2_000);
    expect(await cache.get()).toBe('key-2');
    expect(reads).toBe(2);
  });

  it('does not cache a failed read', async () => {
    let reads = 0;
    const cache = cacheKey(
      async () => {
        reads += 1;
        if (reads === 1) throw new Error('ssm down');
        return 'key';
      },
      60_000,
      testClock().now,
    );
    await expect(cache.get()).rejects.toThrow('ssm down');
    await expect(cache.get()).resolves.toBe('key');
  });
});
