import { describe, expect, it } from 'vitest';
import { loadChecks } from '../../../shared/domain/audits/registry.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { summarizeRun, TOP_OFFENDERS } from '../../../shared/domain/compliance/summarize.ts';
import { aFinding, CHECKS, findingsOn } from './fixtures.ts';

const highs = (high: number) => ({ low: 0, medium: 0, high, critical: 0 });

describe('summarizeRun', () => {
  it('computes compliance per check from distinct failing instances over all audited', () => {
    const findings = [
      ...findingsOn(28, 'pg'),
      // A second finding on two instances already failing the same check does not count them twice.
      aFinding({ instanceId: 'pg-0', severity: 'critical' }),
      aFinding({ instanceId: 'pg-1', severity: 'critical' }),
      ...findingsOn(5, 'rd', { check: 'security.tls', service: 'redis', severity: 'medium' }),
    ];
    const summary = summarizeRun({ findings, audited: { postgres: 600, redis: 400 }, checks: CHECKS });
    expect(summary.checks.map((c) => [c.check, c.failing, c.compliancePct])).toEqual([
      ['backups.recent', 28, 97.2],
      ['security.tls', 5, 99.5],
      ['performance.headroom', 0, 100],
    ]);
    expect(summary.checks[0]?.bySeverity).toEqual({ low: 0, medium: 0, high: 28, critical: 2 });
  });

  it('computes totals, pass rate and urgent instances across checks', () => {
    const findings = [
      aFinding({ instanceId: 'a' }),
      aFinding({ instanceId: 'a', check: 'security.tls', urgent: true }),
      aFinding({ instanceId: 'b', check: 'security.tls', urgent: true }),
      aFinding({ instanceId: 'c', check: 'performance.headroom', severity: 'low' }),
    ];
    const summary = summarizeRun({ findings, audited: { postgres: 1000 }, checks: CHECKS });
    expect(summary).toMatchObject({
      instancesAudited: 1000,
      instancesPassing: 997,
      passRatePct: 99.7,
      urgentInstances: 2,
      findings: 4,
      bySeverity: { low: 1, medium: 0, high: 3, critical: 0 },
    });
  });

  it('never rounds a failure up to 100%', () => {
    const summary = summarizeRun({ findings: [aFinding()], audited: { postgres: 10_000 }, checks: CHECKS });
    expect(summary.passRatePct).toBe(99.9);
    expect(summary.checks[0]?.compliancePct).toBe(99.9);
  });

  it('summarises each audited service by instances that passed everything', () => {
    const findings = [...findingsOn(3, 'pg'), ...findingsOn(40, 'rd', { service: 'redis' })];
    const summary = summarizeRun({ findings, audited: { postgres: 300, redis: 160, kafka: 0 }, checks: CHECKS });
    expect(summary.services).toEqual([
      { service: 'postgres', audited: 300, failing: 3, compliancePct: 99, bySeverity: highs(3) },
      { service: 'redis', audited: 160, failing: 40, compliancePct: 75, bySeverity: highs(40) },
    ]);
  });

  it('ranks worst offenders by worst severity, then number of findings, and keeps the top 10', () => {
    const findings = [
      ...findingsOn(12, 'many', { severity: 'medium' }),
      aFinding({ instanceId: 'many-3', check: 'security.tls', severity: 'medium' }),
      aFinding({ instanceId: 'crit', severity: 'critical', urgent: true }),
      aFinding({ instanceId: 'two-highs', severity: 'high' }),
      aFinding({ instanceId: 'two-highs', check: 'performance.headroom', severity: 'high' }),
      aFinding({ instanceId: 'one-high', check: 'performance.headroom', severity: 'high' }),
    ];
    const { worstOffenders } = summarizeRun({ findings, audited: { postgres: 100 }, checks: CHECKS });
    expect(worstOffenders).toHaveLength(TOP_OFFENDERS);
    expect(worstOffenders.slice(0, 5).map((o) => o.instanceId)).toEqual([
      'crit',
      'two-highs',
      'one-high',
      'many-3',
      'many-0',
    ]);
    expect(worstOffenders[1]).toEqual({
      instanceId: 'two-highs',
      service: 'postgres',
      zone: 'eu-west-1a',
      findings: 2,
      worstSeverity: 'high',
      urgent: false,
      checks: ['backups.recent', 'performance.headroom'],
    });
  });

  it('reports what changed since the previous run, per check and overall', () => {
    const audited = { postgres: 1000 };
    const previous = summarizeRun({ findings: findingsOn(20, 'pg'), audited, checks: CHECKS.slice(0, 2) });
    const current = summarizeRun({
      findings: [
        ...findingsOn(7, 'pg', { check: 'security.tls' }),
        ...findingsOn(2, 'x', { check: 'performance.headroom' }),
      ],
      audited,
      checks: CHECKS,
      previous,
    });
    expect(current.changes).toEqual({
      previousPassRatePct: 98,
      passRateDeltaPct: 1.1,
      newlyFailing: ['security.tls'],
      newlyPassing: ['backups.recent'],
      checks: [
        { check: 'backups.recent', title: 'Backups are recent', previousPct: 98, currentPct: 100, deltaPct: 2 },
        { check: 'security.tls', title: CHECKS[1]?.title, previousPct: 100, currentPct: 99.3, deltaPct: -0.7 },
        { check: 'performance.headroom', title: CHECKS[2]?.title, previousPct: null, currentPct: 99.8, deltaPct: null },
      ],
    });
    expect(previous.changes).toBeNull();
  });

  it('accepts the loaded checks themselves as the list of checks that ran', () => {
    const summary = summarizeRun({ findings: [aFinding()], audited: { postgres: 4 }, checks: loadChecks() });
    expect(summary.checks.find((c) => c.check === 'backups.recent')).toMatchObject({
      title: 'Backups are recent',
      compliancePct: 75,
    });
    expect(summary.checks).toHaveLength(loadChecks().length);
  });

  it('counts an empty run as vacuously compliant', () => {
    const summary = summarizeRun({ findings: [], audited: {}, checks: CHECKS });
    expect(summary).toMatchObject({ instancesAudited: 0, passRatePct: 100, services: [], worstOffenders: [] });
  });

  it('rejects findings from a check that did not run, and more failures than instances audited', () => {
    const bogus = [aFinding({ check: 'backups.bogus' })];
    const unknown = () => summarizeRun({ findings: bogus, audited: { postgres: 5 }, checks: CHECKS });
    expect(unknown).toThrow(ValidationError);
    expect(unknown).toThrow(/"backups\.bogus"/);
    const tooMany = () => summarizeRun({ findings: findingsOn(3, 'pg'), audited: { postgres: 2 }, checks: CHECKS });
    expect(tooMany).toThrow(/3 postgres instances have findings but only 2 were audited/);
  });
});
