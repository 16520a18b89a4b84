import { describe, expect, it } from 'vitest';
import { daysBetween, mergeTrail, sinceTime } from '../../../shared/domain/access/audit-trail.ts';

const now = new Date('2026-12-06T10:00:00.000Z');

describe('reading the audit log', () => {
  it('reads --since as minutes, hours, days or an ISO time, at most 31 days back', () => {
    expect(sinceTime('2h', now).toISOString()).toBe('2026-12-06T08:00:00.000Z');
    expect(sinceTime('30m', now).toISOString()).toBe('2026-12-06T09:30:00.000Z');
    expect(sinceTime('2026-12-01T00:00:00Z', now).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(() => sinceTime('yesterday', now)).toThrow('give 30m, 2h, 7d or an ISO time');
    expect(() => sinceTime('40d', now)).toThrow('more than 31 days back');
  });

  it('lists the UTC days a window spans', () => {
    expect(daysBetween(new Date('2026-12-04T23:00:00Z'), now)).toEqual(['2026-12-04', '2026-12-05', '2026-12-06']);
    expect(daysBetween(sinceTime('2h', now), now)).toEqual(['2026-12-06']);
  });

  it("puts each call's intent and outcome together, and shows a change whose outcome was never written", () => {
    const calls = mergeTrail([
      { requestId: 'b', phase: 'outcome', at: '2026-12-06T09:00:02Z', outcome: 'ok', after: { state: 'restart' } },
      { requestId: 'a', phase: 'outcome', at: '2026-12-06T08:00:00Z', outcome: 'refused' },
      { requestId: 'b', phase: 'intent', at: '2026-12-06T09:00:01Z', before: { state: 'available' } },
      { requestId: 'c', phase: 'intent', at: '2026-12-06T09:30:00Z', before: { state: 'available' } },
    ]);
    expect(calls).toEqual([
      { requestId: 'a', at: '2026-12-06T08:00:00Z', outcome: 'refused' },
      { requestId: 'b', at: '2026-12-06T09:00:01Z', intentAt: '2026-12-06T09:00:01Z', outcome: 'ok', before: { state: 'available' }, after: { state: 'restart' } },
      { requestId: 'c', at: '2026-12-06T09:30:00Z', intentAt: '2026-12-06T09:30:00Z', outcome: 'unknown', before: { state: 'available' } },
    ]);
  });
});
