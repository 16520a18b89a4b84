import { describe, expect, it } from 'vitest';
import type { DetectionRow } from '../../../bench/detection.ts';
import { readResults } from '../../../bench/results-file.ts';
import { monthlyBill } from '../../../bench/cost/bill.ts';
import { stackFacts } from '../../../bench/cost/stack-facts.ts';
import { unitsFrom } from '../../../bench/cost/units.ts';

const results = readResults();
const rows = results.detection?.rows as DetectionRow[];
// The row the bill takes: the most instances per report, then the most cells.
const row = [...rows].sort((a, b) => b.instances / b.cells - a.instances / a.cells || b.cells - a.cells)[0] as DetectionRow;

describe('the report path the bill prices', () => {
  it('takes a report with pages from the refresh cycle, and without them from the round measured in the same run', () => {
    const paged = unitsFrom(results, stackFacts(), 'paged');
    const written = unitsFrom(results, stackFacts(), 'written');
    expect(paged.report.writeUnits).toBe(row.ingest.writeUnits / row.ingest.reports);
    expect(paged.report.readUnits).toBe(row.ingest.readUnits / row.ingest.reports);
    expect(written.report.writeUnits).toBe(row.ingestWritten.writeUnits / row.ingestWritten.reports);
    expect(written.report.readUnits).toBe(row.ingestWritten.readUnits / row.ingestWritten.reports);
    // Everything but the report is the same either way.
    expect({ ...paged, report: undefined, reportPath: undefined }).toEqual({ ...written, report: undefined, reportPath: undefined });
  });

  it('says which path it priced', () => {
    const scenario = { instances: 1_000_000, instancesPerHost: 100, hostsPerReport: 1, intervalSeconds: 30 };
    expect(monthlyBill(unitsFrom(results, stackFacts(), 'written'), scenario).scenario.reportPath).toBe('written');
    expect(monthlyBill(unitsFrom(results, stackFacts()), scenario).scenario.reportPath).toBe('paged');
  });
});
