import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { auditConfigFromEnv } from '../../../shared/runtime/audit-config.ts';

describe('audit settings from the environment', () => {
  it('turns a check off or sets its options from AUDIT_CHECKS', () => {
    const config = auditConfigFromEnv({ AUDIT_CHECKS: '{"performance.headroom":false}' });
    expect(config.checks.map((c) => c.name)).not.toContain('performance.headroom');
  });

  it.each([
    ['not JSON', '{oops', 'invalid AUDIT_CHECKS: not valid JSON'],
    ['a list', '["backups.recent"]', 'invalid AUDIT_CHECKS: (root)'],
    ['options that are neither an object nor false', '{"backups.recent":true}', 'invalid AUDIT_CHECKS: backups.recent'],
  ])('refuses AUDIT_CHECKS that is %s, naming the field', (_, raw, message) => {
    expect(() => auditConfigFromEnv({ AUDIT_CHECKS: raw })).toThrow(ValidationError);
    expect(() => auditConfigFromEnv({ AUDIT_CHECKS: raw })).toThrow(message);
  });
});
