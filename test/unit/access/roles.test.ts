import { describe, expect, it } from 'vitest';
import { authorize, checkMappings, matches, roleOf, type Caller } from '../../../shared/domain/access/roles.ts';
import { AccessDeniedError, ValidationError } from '../../../shared/domain/errors.ts';

const SSO = [
  { principal: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_FleetwardenViewer_*/*', role: 'viewer' as const },
  { principal: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_FleetwardenOperator_*/*', role: 'operator' as const },
  { principal: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_FleetwardenBreakGlass_*/*', role: 'breakglass' as const },
  { principal: 'arn:aws:iam::123456789012:user/oncall-bot', role: 'viewer' as const },
];

describe('role mappings', () => {
  it('gives an SSO permission set its role, whatever the session name', () => {
    expect(roleOf('arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_FleetwardenOperator_0a1b2c3d/alice@example.com', SSO)).toBe('operator');
    expect(roleOf('arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_FleetwardenBreakGlass_ffee/bob', SSO)).toBe('breakglass');
    expect(roleOf('arn:aws:iam::123456789012:user/oncall-bot', SSO)).toBe('viewer');
  });

  it('denies by default: another account, another permission set, a prefix of an exact ARN', () => {
    expect(roleOf('arn:aws:sts::999999999999:assumed-role/AWSReservedSSO_FleetwardenOperator_0a1b/alice', SSO)).toBeUndefined();
    expect(roleOf('arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0a1b/alice', SSO)).toBeUndefined();
    expect(roleOf('arn:aws:iam::123456789012:user/oncall-bot-2', SSO)).toBeUndefined();
    expect(roleOf('anything', [])).toBeUndefined();
  });

  it('takes the highest role when several mappings match', () => {
    const both = [{ principal: 'arn:aws:iam::123456789012:user/*', role: 'viewer' as const }, { principal: 'arn:aws:iam::123456789012:user/alice', role: 'breakglass' as const }];
    expect(roleOf('arn:aws:iam::123456789012:user/alice', both)).toBe('breakglass');
    expect(roleOf('arn:aws:iam::123456789012:user/carol', both)).toBe('viewer');
  });

  it('matches * as any run of characters, and nothing else as a wildcard', () => {
    expect(matches('a*c', 'abbbc')).toBe(true);
    expect(matches('a*c', 'ac')).toBe(true);
    expect(matches('a*b*c', 'axbyc')).toBe(true);
    expect(matches('a*b*c', 'axcyb')).toBe(false);
    expect(matches('ab*ba', 'aba')).toBe(false);
    expect(matches('a.c', 'abc')).toBe(false);
  });

  it('refuses a malformed mapping, naming each bad entry', () => {
    expect(() => checkMappings('[]')).toThrow(ValidationError);
    const error = (() => {
      try {
        checkMappings([{ principal: 'alice', role: 'viewer' }, { principal: 'arn:aws:iam::123456789012:user/x', role: 'admin' }]);
      } catch (e) {
        return e as ValidationError;
      }
      return undefined;
    })();
    expect(error?.issues).toEqual([
      '[0].principal: must be an IAM or STS ARN, with * for any run of characters',
      '[1].role: must be one of viewer, operator, breakglass',
    ]);
    expect(checkMappings(SSO)).toEqual(SSO);
  });
});

describe('authorize', () => {
  const caller = (role: Caller['role'], via: Caller['via'] = 'url'): Caller => ({ principal: { arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', userId: 'AIDA' }, role, via });

  it('lets a role do what it and the roles below it may', () => {
    expect(() => authorize(caller('breakglass'), 'viewer', 'x')).not.toThrow();
    expect(() => authorize(caller('operator'), 'operator', 'x')).not.toThrow();
  });

  it('refuses, naming the role needed and the one held', () => {
    expect(() => authorize(caller('operator'), 'breakglass', 'a freeze of the fleet')).toThrow(
      'a freeze of the fleet needs role breakglass; arn:aws:iam::123456789012:user/alice has operator',
    );
    expect(() => authorize(caller(undefined), 'viewer', 'any operator command')).toThrow(/has no role/);
    expect(() => authorize(caller('viewer', 'invoke'), 'operator', '"freeze"')).toThrow(/direct invoke carries no verified identity/);
    expect(() => authorize(caller('viewer'), 'operator', 'x')).toThrow(AccessDeniedError);
  });
});
