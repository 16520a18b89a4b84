import * as z from 'zod';
import type { MetricsSnapshot } from '../../instance.ts';
import { defineCheck } from '../check.ts';
import { AUDIT_CONDITIONS } from '../conditions.ts';
import { makeFinding, type Finding } from '../finding.ts';
import { ageMs, MINUTE_MS } from './time.ts';

const NAME = 'performance.headroom';

const percent = (fallback: number) => z.number().gt(0).lte(100).default(fallback);

const METRICS = [
  { key: 'cpuPct', option: 'cpuPct', label: 'CPU', condition: AUDIT_CONDITIONS.cpuSaturated },
  { key: 'memoryPct', option: 'memoryPct', label: 'Memory', condition: AUDIT_CONDITIONS.memorySaturated },
  { key: 'diskPct', option: 'diskPct', label: 'Disk', condition: AUDIT_CONDITIONS.diskFull },
  { key: 'connectionsPct', option: 'connectionsPct', label: 'Connections', condition: AUDIT_CONDITIONS.connectionsSaturated },
] as const satisfies readonly { key: keyof MetricsSnapshot; option: string; label: string; condition: string }[];

/**
 * Resource use in the latest metrics snapshot stays at or under each threshold. A missing or stale
 * snapshot is itself a low finding: old numbers are not judged, and no numbers are not "healthy".
 * Each metric over its threshold raises its condition, answered by its playbook: disk grows storage,
 * connections restart, CPU and memory page (resizing is a human's call).
 *
 * Snapshots are written once per snapshot interval (a day by default, `metricsSnapshotSeconds`), so the
 * default age limit is a day plus an hour: a daily audit judges the latest daily snapshot.
 */
export const performanceHeadroom = defineCheck({
  name: NAME,
  family: 'performance',
  title: 'Has room to handle its load',
  description:
    'CPU, memory, disk and connections are at or under their thresholds (percent) in a metrics ' +
    'snapshot at most maxSnapshotAgeMinutes old.',
  options: z.strictObject({
    cpuPct: percent(85),
    memoryPct: percent(90),
    diskPct: percent(85),
    connectionsPct: percent(90),
    maxSnapshotAgeMinutes: z.number().positive().default(25 * 60),
  }),
  evaluate(instance, _ctx, now, options) {
    const snapshot = instance.metrics;
    if (snapshot === undefined) {
      return [makeFinding(NAME, instance, { severity: 'low', message: 'No metrics have been reported.' })];
    }
    if (ageMs(snapshot.at, now) > options.maxSnapshotAgeMinutes * MINUTE_MS) {
      const message = `The latest metrics, from ${snapshot.at}, are older than ${options.maxSnapshotAgeMinutes} min.`;
      return [makeFinding(NAME, instance, { severity: 'low', message })];
    }
    const findings: Finding[] = [];
    for (const { key, option, label, condition } of METRICS) {
      const value = snapshot[key];
      const limit = options[option];
      if (value === undefined || value <= limit) continue;
      findings.push(
        makeFinding(NAME, instance, {
          severity: 'medium',
          message: `${label} at ${value}% (threshold ${limit}%).`,
          evidence: `${key}=${value}`,
          condition,
        }),
      );
    }
    return findings;
  },
});
