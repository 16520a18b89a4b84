import { describe, expect, it } from 'vitest';
import { performanceHeadroom } from '../../../shared/domain/audits/checks/performance.ts';
import type { MetricsSnapshot } from '../../../shared/domain/instance.ts';
import { aContext, ago, anInstance, MINUTE, NOW, SECOND } from './fixtures.ts';

const headroom = performanceHeadroom.load();
const withMetrics = (metrics: Partial<MetricsSnapshot>) =>
  anInstance({ metrics: { at: ago(MINUTE), cpuPct: 10, memoryPct: 10, diskPct: 10, connectionsPct: 10, ...metrics } });

describe('performance.headroom', () => {
  it('passes every metric exactly at its default threshold (85/90/85/90 %)', () => {
    const atLimits = withMetrics({ cpuPct: 85, memoryPct: 90, diskPct: 85, connectionsPct: 90 });
    expect(headroom.evaluate(atLimits, aContext(), NOW)).toEqual([]);
  });

  it('flags each metric just over its threshold, one finding per metric', () => {
    const over = withMetrics({ cpuPct: 85.1, memoryPct: 90.1, diskPct: 85.1, connectionsPct: 90.1 });
    const findings = headroom.evaluate(over, aContext(), NOW);
    expect(findings.map((f) => f.evidence)).toEqual([
      'cpuPct=85.1',
      'memoryPct=90.1',
      'diskPct=85.1',
      'connectionsPct=90.1',
    ]);
    expect(findings.every((f) => f.severity === 'medium' && !f.urgent)).toBe(true);
  });

  it('raises each metric\'s own condition, so its playbook answers it', () => {
    const findings = headroom.evaluate(withMetrics({ cpuPct: 99, memoryPct: 95, diskPct: 97, connectionsPct: 91 }), aContext(), NOW);
    expect(findings.map((f) => f.condition)).toEqual(['cpu-saturated', 'memory-saturated', 'disk-full', 'connections-saturated']);
    expect(findings[2]?.message).toBe('Disk at 97% (threshold 85%).');
    expect(headroom.evaluate(withMetrics({ cpuPct: 85, memoryPct: 90, diskPct: 85, connectionsPct: 90 }), aContext(), NOW)).toEqual([]);
  });

  it('reports a snapshot older than a day and an hour (daily snapshots) as stale metrics instead of judging old numbers', () => {
    const fresh = anInstance({ metrics: { at: ago(25 * 60 * MINUTE), diskPct: 99 } });
    const stale = anInstance({ metrics: { at: ago(25 * 60 * MINUTE + SECOND), diskPct: 99 } });
    expect(headroom.evaluate(fresh, aContext(), NOW)).toMatchObject([{ condition: 'disk-full' }]);
    const findings = headroom.evaluate(stale, aContext(), NOW);
    expect(findings).toMatchObject([{ severity: 'low' }]);
    expect(findings[0]).not.toHaveProperty('condition');
    expect(findings[0]?.message).toContain('older than 1500 min');
  });

  it('reports an instance with no metrics at all rather than calling it healthy', () => {
    expect(headroom.evaluate(anInstance({ metrics: undefined }), aContext(), NOW)).toMatchObject([{ severity: 'low' }]);
  });

  it('applies overridden thresholds and rejects a percentage over 100', () => {
    const strict = performanceHeadroom.load({ cpuPct: 50 });
    expect(strict.evaluate(withMetrics({ cpuPct: 51 }), aContext(), NOW)).toHaveLength(1);
    expect(() => performanceHeadroom.load({ diskPct: 120 })).toThrow(/performance\.headroom.*diskPct/);
  });
});
