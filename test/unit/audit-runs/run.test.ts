import { describe, expect, it } from 'vitest';
import { addTotals, newRunId, RUN_ID_PATTERN, segmentJobs } from '../../../shared/domain/audit-runs/run.ts';

describe('audit run ids', () => {
  it('sort by start time and name the same run for the same cause', () => {
    const at = new Date('2026-03-08T03:00:00Z');
    const id = newRunId(at, 'event-1');
    expect(id).toMatch(RUN_ID_PATTERN);
    expect(id.startsWith('run-20260308-030000-')).toBe(true);
    expect(newRunId(at, 'event-1')).toBe(id);
    expect(newRunId(at, 'event-2')).not.toBe(id);
    expect(newRunId(new Date('2026-03-09T03:00:00Z'), 'event-1') > id).toBe(true);
  });

  it('fans a run out into one job per segment', () => {
    expect(segmentJobs('run-x', 3)).toEqual([
      { runId: 'run-x', segment: 0, totalSegments: 3 },
      { runId: 'run-x', segment: 1, totalSegments: 3 },
      { runId: 'run-x', segment: 2, totalSegments: 3 },
    ]);
  });

  it('adds shard totals', () => {
    expect(addTotals([{ scanned: 3, conditionsRaised: 1, leftToRolls: 0 }, { scanned: 4, conditionsRaised: 2, leftToRolls: 5 }])).toEqual({
      scanned: 7,
      conditionsRaised: 3,
      leftToRolls: 5,
    });
  });
});
