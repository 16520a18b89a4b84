import { describe, expect, it } from 'vitest';
import { freezeRequirement, incidentRequirement, transitionRequirement, unfreezeRequirement } from '../../../shared/domain/access/policy.ts';
import type { Freeze } from '../../../shared/domain/safety/freeze.ts';

const now = new Date('2026-12-06T10:00:00.000Z');
const inHours = (h: number) => new Date(now.getTime() + h * 3600_000).toISOString();
const pg = { id: 'pg-1', service: 'postgres' as const, zone: 'eu-west-1a', state: 'available' as const };
const freeze = (scope: Freeze['scope'], hours = 2): Freeze => ({
  id: `freeze:${scope.kind}`, scope, actor: { kind: 'engineer', id: 'x' }, reason: 'r', createdAt: now.toISOString(), expiresAt: inHours(hours),
});

describe('what each change needs', () => {
  it('freezes: an instance or a service for up to a day is an operator\'s; a zone, the fleet or longer is break glass', () => {
    expect(freezeRequirement({ kind: 'instance', instanceId: 'pg-1' }, inHours(24), now).role).toBe('operator');
    expect(freezeRequirement({ kind: 'service', service: 'redis' }, inHours(2), now).role).toBe('operator');
    expect(freezeRequirement({ kind: 'service', service: 'redis' }, inHours(25), now)).toEqual({ role: 'breakglass', what: 'a freeze of service redis for more than a day' });
    expect(freezeRequirement({ kind: 'zone', zone: 'eu-west-1a' }, inHours(1), now).role).toBe('breakglass');
    expect(freezeRequirement({ kind: 'fleet' }, inHours(1), now)).toEqual({ role: 'breakglass', what: 'a freeze of the fleet' });
  });

  it('lifting a fleet or zone freeze is break glass; an unknown one is left to the command to refuse', () => {
    expect(unfreezeRequirement(freeze({ kind: 'fleet' })).role).toBe('breakglass');
    expect(unfreezeRequirement(freeze({ kind: 'zone', zone: 'z' })).role).toBe('breakglass');
    expect(unfreezeRequirement(freeze({ kind: 'instance', instanceId: 'pg-1' })).role).toBe('operator');
    expect(unfreezeRequirement(undefined).role).toBe('operator');
  });

  it('releasing an incident is break glass; resolving it is an operator\'s', () => {
    expect(incidentRequirement('release').role).toBe('breakglass');
    expect(incidentRequirement('resolve').role).toBe('operator');
  });

  it('a legal transition outside freezes is an operator\'s; a forbidden one or one inside a freeze needs break glass papers', () => {
    expect(transitionRequirement(pg, 'restart', [], now)).toEqual({ role: 'operator', what: 'a transition of pg-1' });
    expect(transitionRequirement(pg, 'archived', [], now)).toEqual({
      role: 'breakglass', breakGlass: true, what: 'forcing pg-1 from available to archived (the lifecycle table forbids it)',
    });
    expect(transitionRequirement(pg, 'restart', [freeze({ kind: 'service', service: 'postgres' })], now)).toEqual({
      role: 'breakglass', breakGlass: true, what: 'a transition of pg-1 inside freeze freeze:service',
    });
    // A freeze of another service, or one that has expired, does not count.
    expect(transitionRequirement(pg, 'restart', [freeze({ kind: 'service', service: 'redis' }), { ...freeze({ kind: 'fleet' }), expiresAt: now.toISOString() }], now).role).toBe('operator');
    // Nothing leaves terminated, not even through break glass: the command refuses it as illegal.
    expect(transitionRequirement({ ...pg, state: 'terminated' }, 'available', [], now).role).toBe('operator');
  });
});
