import { describe, expect, it } from 'vitest';
import { auditSource, conditionsFor } from '../../../shared/domain/audit-runs/remediation.ts';
import type { Finding } from '../../../shared/domain/audits/finding.ts';
import { anInstance, NOW } from '../audits/fixtures.ts';
import { aFinding } from '../compliance/fixtures.ts';

const RUN = 'run-20260304-120000-abcdef';

const plan = (findings: Finding[], rolling: string[] = [], instance = anInstance()) =>
  conditionsFor(instance, findings, { runId: RUN, now: NOW, rolling: new Set(rolling) });

describe('conditionsFor', () => {
  it('schedules a non-urgent finding into the next maintenance window', () => {
    // NOW is a Wednesday; the default window opens Sunday 03:00 UTC.
    const [request] = plan([aFinding()]).requests;
    expect(request).toMatchObject({
      condition: 'backup-stale',
      urgent: false,
      record: { source: auditSource(RUN), notBefore: '2026-03-08T03:00:00.000Z', raisedAt: NOW.toISOString() },
    });
  });

  it('raises an urgent finding now, with no notBefore', () => {
    const [request] = plan([aFinding({ urgent: true, severity: 'critical' })]).requests;
    expect(request?.urgent).toBe(true);
    expect(request?.record.notBefore).toBeUndefined();
  });

  it('uses the instance’s own maintenance window', () => {
    const instance = anInstance({ maintenanceWindow: { dayOfWeek: 4, startHour: 22, durationHours: 2 } });
    const [request] = plan([aFinding()], [], instance).requests;
    expect(request?.record.notBefore).toBe('2026-03-05T22:00:00.000Z');
  });

  it('raises one condition for several findings asking for the same remedy, urgent if any is', () => {
    const findings = [
      aFinding({ check: 'performance.headroom', condition: 'disk-full', evidence: 'diskPct=91' }),
      aFinding({ check: 'performance.headroom', condition: 'disk-full', evidence: 'diskPct=97', urgent: true }),
    ];
    const { requests } = plan(findings);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ condition: 'disk-full', urgent: true });
    expect(requests[0]?.record.evidence).toBe('performance.headroom: diskPct=91; performance.headroom: diskPct=97');
  });

  it('leaves report-only findings out', () => {
    const { condition: _c, ...reportOnly } = aFinding({ check: 'backups.restore-tested' });
    expect(plan([reportOnly]).requests).toEqual([]);
  });

  it('leaves vulnerable-image of an advisory being rolled to its roll, but raises one that is not', () => {
    const rolled = aFinding({ check: 'security.image-advisories', condition: 'vulnerable-image', evidence: 'CVE-1' });
    const unrolled = aFinding({ check: 'security.image-advisories', condition: 'vulnerable-image', evidence: 'CVE-2' });
    expect(plan([rolled], ['CVE-1'])).toEqual({ requests: [], leftToRolls: 1 });
    expect(plan([unrolled], ['CVE-1']).requests.map((r) => r.condition)).toEqual(['vulnerable-image']);
  });

  it('does not raise again a condition another source already raised, but repeats its own run’s', () => {
    const byAlarm = anInstance({ conditions: { 'backup-stale': { raisedAt: NOW.toISOString(), source: 'alarm:x' } } });
    const byThisRun = anInstance({ conditions: { 'backup-stale': { raisedAt: NOW.toISOString(), source: auditSource(RUN) } } });
    expect(plan([aFinding()], [], byAlarm).requests).toEqual([]);
    expect(plan([aFinding()], [], byThisRun).requests).toHaveLength(1);
  });

  it('keeps evidence short enough for a condition record', () => {
    const findings = Array.from({ length: 40 }, (_, i) => aFinding({ check: `check-${i}`, evidence: 'x'.repeat(30) }));
    expect(plan(findings).requests[0]?.record.evidence?.length).toBe(500);
  });
});
