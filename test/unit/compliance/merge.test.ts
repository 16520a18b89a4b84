import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/domain/audits/finding.ts';
import { mergeSummaries } from '../../../shared/domain/compliance/merge.ts';
import { summarizeRun } from '../../../shared/domain/compliance/summarize.ts';
import { aFinding, CHECKS, findingsOn } from './fixtures.ts';

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

/** Findings spread over instances `${prefix}-0..n`, with varied checks, services and severities. */
function variedFindings(prefix: string, n: number): Finding[] {
  return Array.from({ length: n }, (_, i) =>
    aFinding({
      instanceId: `${prefix}-${i % 37}`,
      check: CHECKS[i % CHECKS.length]?.name ?? 'backups.recent',
      service: i % 37 < 20 ? 'postgres' : 'redis',
      severity: SEVERITIES[(i * 7) % 4] ?? 'low',
      urgent: i % 11 === 0,
    }),
  );
}

describe('mergeSummaries', () => {
  it('gives the same summary as summarising every finding at once', () => {
    const a = variedFindings('a', 90);
    const b = variedFindings('b', 55);
    const c: Finding[] = [];
    const whole = summarizeRun({ findings: [...a, ...b, ...c], audited: { postgres: 300, redis: 150, kafka: 10 }, checks: CHECKS });
    const parts = [
      summarizeRun({ findings: a, audited: { postgres: 100, redis: 100 }, checks: CHECKS }),
      summarizeRun({ findings: b, audited: { postgres: 150, redis: 50 }, checks: CHECKS }),
      summarizeRun({ findings: c, audited: { postgres: 50, kafka: 10 }, checks: CHECKS }),
    ];
    expect(mergeSummaries(parts, CHECKS)).toEqual(whole);
  });

  it('keeps the worst offenders of the whole run, not of one part', () => {
    const mild = findingsOn(12, 'mild', { severity: 'low' });
    const worst = [aFinding({ instanceId: 'worst', severity: 'critical' })];
    const parts = [
      summarizeRun({ findings: mild, audited: { postgres: 20 }, checks: CHECKS }),
      summarizeRun({ findings: worst, audited: { postgres: 20 }, checks: CHECKS }),
    ];
    const merged = mergeSummaries(parts, CHECKS);
    expect(merged.worstOffenders[0]?.instanceId).toBe('worst');
    expect(merged.worstOffenders).toHaveLength(10);
  });

  it('compares with the previous run like a single summary does', () => {
    const previous = summarizeRun({ findings: findingsOn(10, 'p'), audited: { postgres: 100 }, checks: CHECKS });
    const now = findingsOn(4, 'p');
    const merged = mergeSummaries([summarizeRun({ findings: now, audited: { postgres: 100 }, checks: CHECKS })], CHECKS, previous);
    expect(merged.changes).toEqual(summarizeRun({ findings: now, audited: { postgres: 100 }, checks: CHECKS, previous }).changes);
    expect(merged.changes?.passRateDeltaPct).toBe(6);
  });

  it('reports a run with no parts as nothing audited and fully compliant', () => {
    const merged = mergeSummaries([], CHECKS);
    expect(merged).toMatchObject({ instancesAudited: 0, passRatePct: 100, services: [], worstOffenders: [], changes: null });
  });
});
