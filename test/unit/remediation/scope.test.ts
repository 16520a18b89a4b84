import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { parseExpiry, parseFreezeScope, regionOfZone } from '../../../shared/domain/remediation/scope.ts';

const now = new Date('2025-03-01T10:00:00.000Z');

describe('what engineers type for a freeze', () => {
  it('reads the four scopes', () => {
    expect(parseFreezeScope('fleet')).toEqual({ kind: 'fleet' });
    expect(parseFreezeScope('service:redis')).toEqual({ kind: 'service', service: 'redis' });
    expect(parseFreezeScope('zone:eu-west-1a')).toEqual({ kind: 'zone', zone: 'eu-west-1a' });
    expect(parseFreezeScope(' instance:pg-1 ')).toEqual({ kind: 'instance', instanceId: 'pg-1' });
  });

  it('refuses an unknown kind, an unknown service or a missing value, saying what is allowed', () => {
    expect(() => parseFreezeScope('galaxy:far')).toThrow('scope must be fleet, service:NAME, zone:ZONE or instance:ID');
    expect(() => parseFreezeScope('service:mysql')).toThrow('unknown service "mysql"; known: postgres, redis, kafka');
    expect(() => parseFreezeScope('zone:')).toThrow(ValidationError);
  });

  it('reads an expiry as minutes, hours, days or an ISO time', () => {
    expect(parseExpiry('30m', now)).toBe('2025-03-01T10:30:00.000Z');
    expect(parseExpiry('2h', now)).toBe('2025-03-01T12:00:00.000Z');
    expect(parseExpiry('1d', now)).toBe('2025-03-02T10:00:00.000Z');
    expect(parseExpiry('2025-03-01T18:00:00+01:00', now)).toBe('2025-03-01T17:00:00.000Z');
    expect(() => parseExpiry('tomorrow', now)).toThrow('must be a duration such as 30m, 2h or 1d, or an ISO-8601 time');
  });
});

describe('the region of a zone', () => {
  it('follows the AWS naming, and is unknown otherwise', () => {
    expect(regionOfZone('eu-west-1a')).toBe('eu-west-1');
    expect(regionOfZone('ap-southeast-2c')).toBe('ap-southeast-2');
    expect(regionOfZone('rack-7')).toBeUndefined();
  });
});
