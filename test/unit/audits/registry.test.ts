import { describe, expect, it } from 'vitest';
import { findingSchema } from '../../../shared/domain/audits/finding.ts';
import { auditInstance, CHECK_DEFINITIONS, loadChecks } from '../../../shared/domain/audits/registry.ts';
import { isPermanent, ValidationError } from '../../../shared/domain/errors.ts';
import { LIFECYCLE_STATES } from '../../../shared/domain/instance.ts';
import { aContext, ago, anInstance, DAY, HOUR, NOW } from './fixtures.ts';

function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('loadChecks', () => {
  it('loads every check with its defaults, one family per name prefix', () => {
    const checks = loadChecks();
    expect(checks.map((c) => c.name)).toEqual(CHECK_DEFINITIONS.map((d) => d.name));
    expect(new Set(checks.map((c) => c.name)).size).toBe(checks.length);
    for (const check of checks) expect(check.name.startsWith(`${check.family}.`)).toBe(true);
    expect(checks.find((c) => c.name === 'backups.recent')?.options).toEqual({ maxAgeHours: 24 });
  });

  it('merges an override with the defaults it does not mention', () => {
    const checks = loadChecks({ 'performance.headroom': { cpuPct: 70 } });
    expect(checks.find((c) => c.name === 'performance.headroom')?.options).toMatchObject({ cpuPct: 70, diskPct: 85 });
  });

  it('leaves out a check overridden with false', () => {
    const names = loadChecks({ 'performance.headroom': false }).map((c) => c.name);
    expect(names).not.toContain('performance.headroom');
    expect(names).toContain('backups.recent');
  });

  it('rejects an unknown check name with a permanent ValidationError listing the known ones', () => {
    const attempt = () => loadChecks({ 'backups.recnet': { maxAgeHours: 1 } });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/unknown check "backups\.recnet".*backups\.recent/);
  });

  it('rejects a wrong option naming both the check and the option', () => {
    const caught = thrownBy(() => loadChecks({ 'backups.recent': { maxAgeHours: 'a day' } }));
    if (!(caught instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(caught)}`);
    expect(isPermanent(caught)).toBe(true);
    expect(caught.what).toBe('options for check backups.recent');
    expect(caught.issues[0]).toMatch(/^maxAgeHours: /);
  });
});

describe('auditInstance', () => {
  const checks = loadChecks();

  it('finds nothing wrong with a healthy, compliant instance', () => {
    expect(auditInstance(anInstance(), checks, aContext(), NOW)).toEqual([]);
  });

  it('collects findings from every family, each a valid finding record', () => {
    const neglected = anInstance({
      backup: { lastSuccessAt: ago(2 * DAY), lastRestoreTestAt: ago(3 * DAY) },
      tls: { enforced: false },
      metrics: { at: ago(2 * DAY) },
      role: { kind: 'primary', cluster: 'c-lonely' }, // not in the context: its registered count is judged
      replication: { replicaCount: 1 },
    });
    const findings = auditInstance(neglected, checks, aContext(), NOW);
    expect(findings.map((f) => f.check).sort()).toEqual([
      'backups.recent',
      'performance.headroom',
      'replication.replicas',
      'security.tls',
    ]);
    for (const finding of findings) expect(findingSchema.parse(finding)).toEqual(finding);
  });

  it('audits serving states and skips installing and retired ones', () => {
    const broken = { backup: undefined, tls: { enforced: false } };
    const audited = LIFECYCLE_STATES.filter(
      (state) => auditInstance(anInstance({ ...broken, state }), checks, aContext(), NOW).length > 0,
    );
    expect(audited).toEqual(['available', 'uncertain', 'unavailable', 'restart', 'upgrading']);
  });
});
