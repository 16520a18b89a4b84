import { describe, expect, it } from 'vitest';
import { remediationTiming } from '../../../shared/domain/audits/schedule.ts';
import type { Instance } from '../../../shared/domain/instance.ts';
import { NOW } from './fixtures.ts';

// NOW is Wednesday 2026-03-04 12:00 UTC (dayOfWeek 3).
const routine = { urgent: false };
function windowed(dayOfWeek: number, startHour: number, durationHours: number): Pick<Instance, 'maintenanceWindow'> {
  return { maintenanceWindow: { dayOfWeek, startHour, durationHours } };
}

describe('remediationTiming', () => {
  it('remediates an urgent finding now, whatever the window', () => {
    expect(remediationTiming({ urgent: true }, windowed(0, 3, 4), NOW)).toEqual({ when: 'now' });
  });

  it('starts now when the window is already open, and stops when it closes', () => {
    expect(remediationTiming(routine, windowed(3, 10, 4), NOW)).toEqual({
      when: 'window',
      notBefore: '2026-03-04T12:00:00.000Z',
      notAfter: '2026-03-04T14:00:00.000Z',
    });
  });

  it('treats a window opening this very instant as open', () => {
    expect(remediationTiming(routine, windowed(3, 12, 1), NOW)).toMatchObject({
      notBefore: '2026-03-04T12:00:00.000Z',
    });
  });

  it('waits for a window later today', () => {
    expect(remediationTiming(routine, windowed(3, 20, 2), NOW)).toEqual({
      when: 'window',
      notBefore: '2026-03-04T20:00:00.000Z',
      notAfter: '2026-03-04T22:00:00.000Z',
    });
  });

  it('waits a week for a window that closed earlier today, including one closing exactly now', () => {
    expect(remediationTiming(routine, windowed(3, 6, 2), NOW)).toMatchObject({ notBefore: '2026-03-11T06:00:00.000Z' });
    expect(remediationTiming(routine, windowed(3, 8, 4), NOW)).toEqual({
      when: 'window',
      notBefore: '2026-03-11T08:00:00.000Z',
      notAfter: '2026-03-11T12:00:00.000Z',
    });
  });

  it('finds a Saturday-night window still open early on Sunday', () => {
    const sundayEarly = new Date('2026-03-08T02:00:00.000Z');
    expect(remediationTiming(routine, windowed(6, 22, 6), sundayEarly)).toEqual({
      when: 'window',
      notBefore: '2026-03-08T02:00:00.000Z',
      notAfter: '2026-03-08T04:00:00.000Z',
    });
  });

  it('uses the default Sunday 03:00-07:00 UTC window for an instance without one', () => {
    expect(remediationTiming(routine, {}, NOW)).toEqual({
      when: 'window',
      notBefore: '2026-03-08T03:00:00.000Z',
      notAfter: '2026-03-08T07:00:00.000Z',
    });
  });

  it('rejects a malformed window with every reason', () => {
    expect(() => remediationTiming(routine, windowed(7, 24, 0), NOW)).toThrow(/dayOfWeek.*startHour.*durationHours/);
  });
});
