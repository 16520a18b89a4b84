import { describe, expect, it } from 'vitest';
import { backupsRecent, backupsRestoreTested } from '../../../shared/domain/audits/checks/backups.ts';
import { aContext, ago, anInstance, DAY, HOUR, NOW, SECOND } from './fixtures.ts';

const recent = (options?: unknown) => backupsRecent.load(options);
const tested = (options?: unknown) => backupsRestoreTested.load(options);

describe('backups.recent', () => {
  it('passes a backup exactly 24 h old: the limit itself is still compliant', () => {
    const instance = anInstance({ backup: { lastSuccessAt: ago(24 * HOUR) } });
    expect(recent().evaluate(instance, aContext(), NOW)).toEqual([]);
  });

  it('flags a backup 24 h and 1 s old as stale, asking remediation for a backup in the window', () => {
    const instance = anInstance({ backup: { lastSuccessAt: ago(24 * HOUR + SECOND) } });
    const [finding, ...rest] = recent().evaluate(instance, aContext(), NOW);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      check: 'backups.recent',
      instanceId: 'pg-1',
      service: 'postgres',
      zone: 'eu-west-1a',
      severity: 'high',
      condition: 'backup-stale',
      urgent: false,
    });
    expect(finding?.message).toContain('older than 24 h');
  });

  it('treats an instance that never had a backup as critical and urgent', () => {
    const instance = anInstance({ backup: {} });
    const findings = recent().evaluate(instance, aContext(), NOW);
    expect(findings).toMatchObject([{ severity: 'critical', condition: 'backup-stale', urgent: true }]);
    expect(findings[0]?.message).toContain('No successful backup ever');
  });

  it('gives a brand-new instance the same 24 h to take its first backup', () => {
    const justCreated = anInstance({ createdAt: ago(24 * HOUR), backup: undefined });
    const aDayAndASecond = anInstance({ createdAt: ago(24 * HOUR + SECOND), backup: undefined });
    expect(recent().evaluate(justCreated, aContext(), NOW)).toEqual([]);
    expect(recent().evaluate(aDayAndASecond, aContext(), NOW)).toHaveLength(1);
  });

  it('honours a shorter maxAgeHours override', () => {
    const instance = anInstance({ backup: { lastSuccessAt: ago(13 * HOUR) } });
    expect(recent({ maxAgeHours: 12 }).evaluate(instance, aContext(), NOW)).toHaveLength(1);
    expect(recent().evaluate(instance, aContext(), NOW)).toEqual([]);
  });

  it('fails, rather than passes, a backup time it cannot read', () => {
    const instance = anInstance({ backup: { lastSuccessAt: 'yesterday-ish' } });
    expect(recent().evaluate(instance, aContext(), NOW)).toMatchObject([{ condition: 'backup-stale' }]);
  });
});

describe('backups.restore-tested', () => {
  it('passes a restore test exactly 30 days old and flags one a second older, as info only', () => {
    const onTheEdge = anInstance({ backup: { lastSuccessAt: ago(HOUR), lastRestoreTestAt: ago(30 * DAY) } });
    const past = anInstance({ backup: { lastSuccessAt: ago(HOUR), lastRestoreTestAt: ago(30 * DAY + SECOND) } });
    expect(tested().evaluate(onTheEdge, aContext(), NOW)).toEqual([]);
    const findings = tested().evaluate(past, aContext(), NOW);
    expect(findings).toMatchObject([{ check: 'backups.restore-tested', severity: 'medium', urgent: false }]);
    expect(findings[0]).not.toHaveProperty('condition');
  });

  it('counts a never-tested instance from its creation', () => {
    const young = anInstance({ createdAt: ago(29 * DAY), backup: { lastSuccessAt: ago(HOUR) } });
    const old = anInstance({ createdAt: ago(31 * DAY), backup: { lastSuccessAt: ago(HOUR) } });
    expect(tested().evaluate(young, aContext(), NOW)).toEqual([]);
    expect(tested().evaluate(old, aContext(), NOW)[0]?.message).toContain('ever been test-restored');
  });

  it('uses a configured restore-test age', () => {
    const instance = anInstance({ backup: { lastRestoreTestAt: ago(8 * DAY) } });
    expect(tested({ maxAgeDays: 7 }).evaluate(instance, aContext(), NOW)).toHaveLength(1);
  });
});
