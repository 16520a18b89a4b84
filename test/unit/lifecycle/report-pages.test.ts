import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { DEFAULT_THRESHOLDS } from '../../../shared/domain/liveness.ts';
import { latestByCell, later, reportKind, reportPaging, withPagedTimes, type CellState } from '../../../shared/domain/report-pages.ts';

const T0 = '2026-12-06T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const paging = { refreshSeconds: 120 };
const DAY = 86_400;
const cell = (over: Partial<CellState> = {}): CellState => ({ lastSeenAt: T0, digest: 'd1', attention: [], metricsAt: T0, ...over });
const report = (seconds: number, over: Partial<{ digest: string; ids: string[]; carriesFacts: boolean }> = {}) =>
  ({ at: at(seconds), digest: 'd1', ids: ['a', 'b'], carriesFacts: false, ...over });

describe('telling a steady report from one that writes its cell', () => {
  it('pages a report whose cell item already says everything it would change', () => {
    expect(reportKind(cell(), report(30), paging, DAY)).toBe('steady');
    expect(reportKind(cell(), report(0), paging, DAY)).toBe('steady'); // the same time again: a redelivery
  });

  it('writes the cell when there is no item yet, or no digest (a member joined since)', () => {
    expect(reportKind(undefined, report(30), paging, DAY)).toBe('write');
    expect(reportKind(cell({ digest: undefined }), report(30), paging, DAY)).toBe('write');
  });

  it('writes the cell when its membership changed', () => {
    expect(reportKind(cell(), report(30, { digest: 'd2', ids: ['a'] }), paging, DAY)).toBe('write');
  });

  it('writes the cell when a reported member is waiting to be brought back, not for one that is not reported', () => {
    expect(reportKind(cell({ attention: ['b'] }), report(30), paging, DAY)).toBe('write');
    expect(reportKind(cell({ attention: ['gone'] }), report(30), paging, DAY)).toBe('steady');
  });

  it('writes the cell when a member carries facts or a metrics snapshot is due', () => {
    expect(reportKind(cell(), report(30, { carriesFacts: true }), paging, DAY)).toBe('write');
    expect(reportKind(cell({ metricsAt: undefined }), report(30), paging, DAY)).toBe('write');
    expect(reportKind(cell(), report(30), paging, 30)).toBe('write');
    expect(reportKind(cell(), report(29), paging, 30)).toBe('steady');
  });

  it('refreshes the cell item once it is refreshSeconds old, not a second before', () => {
    expect(reportKind(cell(), report(119), paging, DAY)).toBe('steady');
    expect(reportKind(cell(), report(120), paging, DAY)).toBe('write');
  });

  it('calls a report older than the item out of order, as the conditional write would', () => {
    expect(reportKind(cell(), report(-1), paging, DAY)).toBe('out-of-order');
  });
});

describe('the later time, item or page', () => {
  it('takes each cell\'s latest paged report, and the later of it and the item\'s', () => {
    const paged = latestByCell([{ c1: at(30), c2: at(30) }, { c1: at(60) }, { c1: at(45) }]);
    expect(Object.fromEntries(paged)).toEqual({ c1: at(60), c2: at(30) });
    const cells = withPagedTimes([{ cellId: 'c1', lastSeenAt: T0 }, { cellId: 'c2', lastSeenAt: at(90) }, { cellId: 'c3' }], paged);
    expect(cells.map((c) => c.lastSeenAt)).toEqual([at(60), at(90), undefined]);
  });

  it('counts undefined as never', () => {
    expect(later(undefined, T0)).toBe(T0);
    expect(later(T0, undefined)).toBe(T0);
    expect(later(at(1), T0)).toBe(at(1));
  });
});

describe('the paging window', () => {
  const all = { postgres: DEFAULT_THRESHOLDS, redis: DEFAULT_THRESHOLDS, kafka: DEFAULT_THRESHOLDS };

  it('covers the longest unavailable threshold, the lag detection holds at and a sweep period', () => {
    expect(reportPaging(all, 60)).toEqual({ refreshSeconds: 120, windowSeconds: 300, ttlSeconds: 900 });
    const slowKafka = { ...all, kafka: { ...DEFAULT_THRESHOLDS, uncertainAfterSeconds: 300, unavailableAfterSeconds: 600 } };
    expect(reportPaging(slowKafka, 60).windowSeconds).toBe(720);
    expect(reportPaging(all, 60, 900).windowSeconds).toBe(1020);
  });

  it('refuses a refresh shorter than the heartbeat interval', () => {
    expect(() => reportPaging(all, 60, 10)).toThrow(ValidationError);
    expect(() => reportPaging(all, 60, -1)).toThrow(/refreshSeconds must be at least the heartbeat interval \(30 s\)/);
  });
});
