import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { DEFAULT_THRESHOLDS, lastSignOfLife, silenceTransitions, validateThresholds } from '../../../shared/domain/liveness.ts';

const t = DEFAULT_THRESHOLDS;

describe('silence thresholds', () => {
  it('leaves an instance silent for 89 s available', () => {
    expect(silenceTransitions('available', 89, t)).toEqual([]);
  });

  it('moves a silent instance to uncertain at exactly 90 s of silence', () => {
    expect(silenceTransitions('available', 90, t)).toEqual(['uncertain']);
  });

  it('keeps an uncertain instance uncertain at 179 s and makes it unavailable at 180 s', () => {
    expect(silenceTransitions('uncertain', 179, t)).toEqual([]);
    expect(silenceTransitions('uncertain', 180, t)).toEqual(['unavailable']);
  });

  it('takes an available instance silent past both thresholds through uncertain to unavailable', () => {
    expect(silenceTransitions('available', 600, t)).toEqual(['uncertain', 'unavailable']);
  });

  it.each(['installing', 'restart', 'upgrading', 'retiring', 'retired', 'archived', 'terminated'] as const)(
    'leaves a %s instance alone however long it is silent',
    (state) => {
      expect(silenceTransitions(state, 10_000, t)).toEqual([]);
    },
  );

  it('refuses thresholds in the wrong order', () => {
    expect(() => validateThresholds('kafka', { heartbeatIntervalSeconds: 30, uncertainAfterSeconds: 200, unavailableAfterSeconds: 100 })).toThrow(
      ValidationError,
    );
    expect(() => validateThresholds('redis', { heartbeatIntervalSeconds: 30, uncertainAfterSeconds: 20, unavailableAfterSeconds: 100 })).toThrow(
      /exceed the heartbeat interval/,
    );
  });
});

describe('last sign of life', () => {
  it('is when the instance went missing from a cell that kept reporting', () => {
    expect(lastSignOfLife({ id: 'a', state: 'available', silentSince: '2026-11-22T10:00:00Z' }, '2026-11-22T10:05:00Z')).toBe('2026-11-22T10:00:00Z');
  });

  it('is the later of the cell report and the instance heartbeat otherwise', () => {
    const member = { id: 'a', state: 'available' as const, lastHeartbeatAt: '2026-11-22T10:03:00Z' };
    expect(lastSignOfLife(member, '2026-11-22T10:01:00Z')).toBe('2026-11-22T10:03:00Z');
    expect(lastSignOfLife(member, '2026-11-22T10:04:00Z')).toBe('2026-11-22T10:04:00Z');
    expect(lastSignOfLife({ id: 'b', state: 'available' }, undefined)).toBeUndefined();
  });
});
