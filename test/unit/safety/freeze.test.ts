import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { activeFreezesFor, validateFreeze } from '../../../shared/domain/safety/index.ts';
import type { Freeze, FreezeScope } from '../../../shared/domain/safety/index.ts';

const now = new Date('2025-03-01T10:00:00.000Z');
const inHours = (hours: number) => new Date(now.getTime() + hours * 3600 * 1000).toISOString();
const pg1 = { id: 'pg-1', service: 'postgres' as const, zone: 'eu-west-1a' };
const request = {
  scope: { kind: 'zone', zone: 'eu-west-1a' },
  actor: { kind: 'engineer', id: 'alice' },
  reason: 'AZ maintenance',
  expiresAt: inHours(2),
};

function issuesOf(input: unknown): string[] {
  try {
    validateFreeze(input, now);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return [];
}

function freeze(scope: FreezeScope, hours = 2): Freeze {
  return validateFreeze({ ...request, scope, expiresAt: inHours(hours) }, now);
}

describe('freezes (break glass)', () => {
  it('accepts a reasoned freeze and stamps who, when and a deterministic id', () => {
    expect(validateFreeze(request, now)).toEqual({
      id: 'freeze:zone=eu-west-1a:2025-03-01T10:00:00.000Z', scope: { kind: 'zone', zone: 'eu-west-1a' },
      actor: { kind: 'engineer', id: 'alice' }, reason: 'AZ maintenance', createdAt: now.toISOString(), expiresAt: inHours(2),
    });
  });

  it('requires a reason', () => {
    expect(issuesOf({ ...request, reason: '  ' })).toEqual(['reason is required: say why automation must stop']);
  });

  it('requires an expiry in the future', () => {
    expect(issuesOf({ ...request, expiresAt: now.toISOString() })).toEqual([`expiresAt ${now.toISOString()} is not in the future`]);
  });

  it('allows at most 7 days, to the second', () => {
    expect(issuesOf({ ...request, expiresAt: inHours(168) })).toEqual([]);
    const tooLong = new Date(now.getTime() + 168 * 3600 * 1000 + 1000).toISOString();
    expect(issuesOf({ ...request, expiresAt: tooLong })).toEqual([
      `expiresAt ${tooLong} is more than 7 days away; renew the freeze when it ends instead`,
    ]);
  });

  it('rejects a scope it does not know', () => {
    expect(issuesOf({ ...request, scope: { kind: 'region', region: 'eu-west-1' } })).toHaveLength(1);
  });

  it('applies fleet, service, zone and instance freezes to the instances in their scope only', () => {
    const matching = [
      freeze({ kind: 'fleet' }),
      freeze({ kind: 'service', service: 'postgres' }),
      freeze({ kind: 'zone', zone: 'eu-west-1a' }),
      freeze({ kind: 'instance', instanceId: 'pg-1' }),
    ];
    const elsewhere = [
      freeze({ kind: 'service', service: 'redis' }),
      freeze({ kind: 'zone', zone: 'eu-west-1b' }),
      freeze({ kind: 'instance', instanceId: 'pg-2' }),
    ];
    expect(activeFreezesFor(pg1, [...matching, ...elsewhere], now)).toEqual(matching);
  });

  it('stops applying at the exact moment it expires', () => {
    const f = freeze({ kind: 'fleet' }, 1);
    expect(activeFreezesFor(pg1, [f], new Date(Date.parse(f.expiresAt) - 1))).toHaveLength(1);
    expect(activeFreezesFor(pg1, [f], new Date(f.expiresAt))).toEqual([]);
  });
});
