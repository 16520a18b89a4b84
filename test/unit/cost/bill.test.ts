import { describe, expect, it } from 'vitest';
import { costOf, monthlyBill, reportsPerMonth, SERVICES } from '../../../bench/cost/bill.ts';
import { PRICES, tiered } from '../../../bench/cost/prices.ts';
import type { Units, Usage } from '../../../bench/cost/units.ts';

const none: Usage = { readUnits: 0, writeUnits: 0, sqsRequests: 0, events: 0, invocations: 0, msPerInvocation: 0, memoryMB: 0 };
const units: Units = {
  report: { ...none, writeUnits: 1, sqsRequests: 1.2, invocations: 0.1, msPerInvocation: 100, memoryMB: 512 },
  reportPath: 'paged',
  intakeMark: { ...none, writeUnits: 1 },
  snapshot: { ...none, writeUnits: 4 },
  factsChange: { ...none, writeUnits: 4 },
  sweep: { ...none, readUnits: 2, sqsRequests: 1, invocations: 1, msPerInvocation: 1000, memoryMB: 512 },
  sweepReadUnitsPerCell: 0,
  sweepMsPerCell: 0,
  outage: { ...none, readUnits: 5, writeUnits: 40, events: 4 },
  planOnRaise: { ...none, writeUnits: 8 },
  task: { ...none, writeUnits: 84, sqsRequests: 2.4, events: 5 },
  idleTick: { ...none },
  auditPerInstance: { ...none, writeUnits: 1 },
  auditPerSegment: { ...none, sqsRequests: 2, invocations: 1, msPerInvocation: 1000, memoryMB: 1024 },
  rollPerAffected: { ...none },
  rollAffectedShare: 0.1,
  instanceHeartbeatWriteUnits: 3,
  stack: { memoryMB: {}, sqsSources: 4, alarms: 18, auditSegments: 64, metricsSnapshotSeconds: 86_400, intakeMarkSeconds: 2 },
};
const MILLION = { instances: 1_000_000, instancesPerHost: 100, intervalSeconds: 30 };

describe('the monthly bill', () => {
  it('counts one report per host every interval when hosts report alone, a fifth as many when a relay merges five', () => {
    expect(reportsPerMonth({ ...MILLION, hostsPerReport: 1 })).toEqual({ instancesPerReport: 100, reportGroups: 10_000, reports: 864_000_000 });
    expect(reportsPerMonth({ ...MILLION, hostsPerReport: 5 }).reports).toBe(172_800_000);
    expect(reportsPerMonth({ ...MILLION, hostsPerReport: 1, intervalSeconds: 60 }).reports).toBe(432_000_000);
  });

  it('prices usage at the list prices, one line per service touched', () => {
    const lines = costOf('reports', units.report, 1_000_000);
    expect(lines.map((l) => [l.service, l.dollars.toFixed(4)])).toEqual([
      // 100,000 invocations of 100 ms at 512 MB: $0.02 + 5,000 GB-s.
      ['Lambda', (0.02 + 5_000 * PRICES.lambda.perGbSecond).toFixed(4)],
      ['DynamoDB', '0.6250'],
      ['SQS', '0.4800'],
    ]);
  });

  it('puts each service of the healthy month in its column, and the bad month on top of it', () => {
    const bill = monthlyBill(units, { ...MILLION, hostsPerReport: 1 });
    const sum = (byService: Record<string, number>) => SERVICES.reduce((n, s) => n + (byService[s] ?? 0), 0);
    expect(sum(bill.healthy.byService)).toBeCloseTo(bill.healthy.total, 6);
    expect(sum(bill.bad.byService)).toBeCloseTo(bill.bad.total, 6);
    // 864 M reports at 1 WRU: $540; 30 M snapshots and 30 M facts changes at 4 WRU: $150.
    expect(bill.healthy.lines.find((l) => l.service === 'DynamoDB' && l.what.startsWith('cell reports'))?.dollars).toBeCloseTo(540, 6);
    expect(bill.healthy.lines.filter((l) => /snapshots|facts/.test(l.what)).reduce((n, l) => n + l.dollars, 0)).toBeCloseTo(150, 6);
    expect(bill.healthy.byService.CloudWatch).toBeCloseTo(1.8, 6);
    expect(bill.healthy.byService.EventBridge).toBe(0);
    // Four outages of a third of the fleet, 4 events each: 5.33 M events; a roll of 100,000 tasks, 5 events each.
    expect(bill.bad.byService.EventBridge).toBeCloseTo((4 * 333_333 * 4 + 100_000 * 5) / 1e6, 4);
    expect(bill.bad.total).toBeGreaterThan(bill.healthy.total);
  });

  it('prices the designs it rules out', () => {
    const [alarms, events, writes, config] = monthlyBill(units, { ...MILLION, hostsPerReport: 1 }).alternatives.map((a) => a.dollars);
    // 1 M alarms at $0.10, 1 M custom metrics by tier, 864,000 thousand PutMetricData at $0.01.
    expect(alarms).toBeCloseTo(100_000 + (10_000 * 0.3 + 240_000 * 0.1 + 750_000 * 0.05) + 8_640, 4);
    expect(events).toBeCloseTo(86_400, 6);
    expect(writes).toBeCloseTo(86_400 * 3 * 0.625, 6);
    // 300 M evaluations: 100,000 at $0.001, 400,000 at $0.0008, the rest at $0.0005.
    expect(config).toBeCloseTo(100 + 320 + 299_500_000 * 0.0005, 6);
  });

  it('prices a tier only for what falls in it', () => {
    const tiers = [{ upTo: 10, price: 1 }, { upTo: Number.POSITIVE_INFINITY, price: 0.5 }];
    expect(tiered(4, tiers)).toBe(4);
    expect(tiered(30, tiers)).toBe(20);
  });
});
