import { describe, expect, it } from 'vitest';
import { assessDetection, holdSummary, type DetectionState, type ObserverConfig, type Observed } from '../../../shared/domain/observer/hold.ts';
import { DEFAULT_IMPLAUSIBLE, implausibleScopes, type CellSilence } from '../../../shared/domain/observer/implausible.ts';
import { observerConfigFromEnv } from '../../../shared/runtime/observer-config.ts';

const config: ObserverConfig = { lagSeconds: 60, sweeperGapSeconds: 180, ceilingSeconds: 900, implausible: DEFAULT_IMPLAUSIBLE };
const at = (hms: string) => new Date(`2026-11-22T${hms}.000Z`);
const none: DetectionState = { scopes: [] };

/** The state as the sweeper leaves it once it has published and paged the hold. */
function announced(state: DetectionState, hms: string): DetectionState {
  if (state.hold === undefined) throw new Error('no hold to announce');
  return { ...state, hold: { ...state.hold, announcedAt: at(hms).toISOString() } };
}

function observed(hms: string, lagSeconds: number | undefined, extra: Partial<Observed> = {}): Observed {
  const now = at(hms);
  const watermark = lagSeconds === undefined
    ? { basis: 'unknown' as const }
    : { at: new Date(now.getTime() - lagSeconds * 1000).toISOString(), lagSeconds, basis: 'frontier' as const };
  return { now, watermark, implausible: [], thresholdSeconds: 90, ...extra };
}

describe('holding detection', () => {
  it('judges normally while intake keeps up', () => {
    expect(assessDetection(none, observed('10:00:00', 5), config)).toEqual({ state: { scopes: [] }, heldServices: [], notices: [] });
  });

  it('holds once intake is a lag bound behind, and announces it once it has lasted that long', () => {
    const first = assessDetection(none, observed('10:00:00', 60), config);
    expect(first.state.hold).toMatchObject({ since: at('10:00:00').toISOString(), reasons: ['behind'], lagSeconds: 60 });
    expect(first.notices).toEqual([]);
    const due = assessDetection(first.state, observed('10:01:00', 120), config);
    expect(due.notices).toEqual(['held']);
    expect(assessDetection(announced(due.state, '10:01:00'), observed('10:02:00', 180), config).notices).toEqual([]);
  });

  it('lets a hold shorter than the lag bound (a cold start, a blip) pass without a word', () => {
    const first = assessDetection(none, observed('10:00:00', 60), config);
    expect(assessDetection(first.state, observed('10:00:40', 20), config)).toMatchObject({ state: { scopes: [] }, notices: [] });
  });

  it('announces again a hold whose announcement was never recorded (the sweep died after claiming it), not one being announced', () => {
    const claimed = assessDetection(assessDetection(none, observed('10:00:00', 90), config).state, observed('10:01:00', 90), config);
    expect(claimed.notices).toEqual(['held']);
    expect(assessDetection(claimed.state, observed('10:01:29', 90), config).notices).toEqual([]);
    expect(assessDetection(claimed.state, observed('10:01:30', 90), config).notices).toEqual(['held']);
  });

  it('resumes only below three quarters of the lag that held it, so a queue at the edge does not flap', () => {
    const held = assessDetection(assessDetection(none, observed('10:00:00', 70), config).state, observed('10:01:00', 70), config).state;
    expect(assessDetection(held, observed('10:02:00', 45), config).state.hold?.reasons).toEqual(['behind']);
    const resumed = assessDetection(held, observed('10:02:00', 44), config);
    expect(resumed.notices).toEqual(['resumed']);
    expect(resumed.state.hold).toBeUndefined();
  });

  it('holds when intake cannot be measured at all', () => {
    expect(assessDetection(none, observed('10:00:00', undefined), config).state.hold?.reasons).toEqual(['unmeasured']);
  });

  it('holds while recovering from a gap, until fresh data covers a threshold', () => {
    const gap = { kind: 'sweeper' as const, startedAt: at('09:50:00').toISOString(), endedAt: at('10:00:00').toISOString() };
    expect(assessDetection(none, observed('10:01:00', 0, { gap }), config).state.hold?.reasons).toEqual(['gap']);
    expect(assessDetection(none, observed('10:01:30', 0, { gap }), config).state.hold).toBeUndefined();
  });

  it('pages once more when a hold outlasts its ceiling, and keeps holding: it never acts on data it has not processed', () => {
    const state = announced(assessDetection(none, observed('10:00:00', 100), config).state, '10:00:00');
    expect(assessDetection(state, observed('10:14:59', 100), config).notices).toEqual([]);
    const ceiling = assessDetection(state, observed('10:15:00', 100), config);
    expect(ceiling.notices).toEqual(['ceiling']);
    expect(assessDetection(ceiling.state, observed('10:16:00', 100), config).notices).toEqual([]);
    expect(ceiling.state.hold?.reasons).toEqual(['behind']);
  });
});

describe('implausible silence', () => {
  const cells = (quietByZone: Record<string, [quiet: number, all: number]>): CellSilence[] =>
    Object.entries(quietByZone).flatMap(([zone, [quiet, all]]) =>
      Array.from({ length: all }, (_, i) => ({ cellId: `${zone}-${i}`, zone, services: ['redis' as const], quiet: i < quiet })));

  it('is half a service\'s cells quiet in every one of its zones', () => {
    expect(implausibleScopes(cells({ a: [2, 4], b: [2, 4], c: [3, 4] }), DEFAULT_IMPLAUSIBLE)).toEqual([{ service: 'redis', quietCells: 7, cells: 12, zones: 3 }]);
  });

  it('is not a zone failure, however complete', () => {
    expect(implausibleScopes(cells({ a: [4, 4], b: [0, 4], c: [1, 4] }), DEFAULT_IMPLAUSIBLE)).toEqual([]);
  });

  it('is never a fleet too small to tell its observer from itself', () => {
    expect(implausibleScopes(cells({ a: [1, 1], b: [1, 1] }), DEFAULT_IMPLAUSIBLE)).toEqual([]);
    expect(implausibleScopes(cells({ unknown: [5, 5] }).map(({ zone: _zone, ...c }) => c), DEFAULT_IMPLAUSIBLE)).toEqual([]);
  });

  it('holds the service, and is confirmed by time after the ceiling with fresh data', () => {
    const scope = { service: 'redis' as const, quietCells: 12, cells: 12, zones: 3 };
    const first = assessDetection(assessDetection(none, observed('10:00:00', 0, { implausible: [scope] }), config).state, observed('10:01:00', 0, { implausible: [scope] }), config);
    expect(first.notices).toEqual(['held']);
    expect(first.heldServices).toEqual(['redis']);
    expect(first.state.hold?.reasons).toEqual(['implausible']);
    expect(holdSummary(first.state)).toContain('12 of 12 redis cells quiet across all 3 zones');
    expect(holdSummary(first.state)).toContain('an engineer releases it (warden detection-release redis)');
    const stillBehind = assessDetection(first.state, observed('10:15:00', 70, { implausible: [scope] }), config);
    expect(assessDetection(first.state, observed('10:14:59', 0, { implausible: [scope] }), config).heldServices).toEqual(['redis']);
    expect(stillBehind.heldServices).toEqual(['redis']);
    const confirmed = assessDetection(first.state, observed('10:15:00', 0, { implausible: [scope] }), config);
    expect(confirmed.heldServices).toEqual([]);
    expect(confirmed.state.scopes[0]?.confirmedAt).toBe(at('10:15:00').toISOString());
    expect(confirmed.notices).toEqual(['resumed']);
  });

  it('drops a scope whose cells report again', () => {
    const scope = { service: 'redis' as const, quietCells: 12, cells: 12, zones: 3 };
    const held = assessDetection(assessDetection(none, observed('10:00:00', 0, { implausible: [scope] }), config).state, observed('10:01:00', 0, { implausible: [scope] }), config).state;
    expect(assessDetection(held, observed('10:02:00', 0), config)).toMatchObject({ state: { scopes: [] }, heldServices: [], notices: ['resumed'] });
  });
});

describe('observer settings from the environment', () => {
  it('defaults from the heartbeat interval and refuses settings that make no sense, naming them', () => {
    expect(observerConfigFromEnv({ HEARTBEAT_INTERVAL_SECONDS: '5' })).toMatchObject({ lagSeconds: 10, sweeperGapSeconds: 180, ceilingSeconds: 900 });
    expect(() => observerConfigFromEnv({ HEARTBEAT_INTERVAL_SECONDS: '30', OBSERVER_LAG_SECONDS: '20', IMPLAUSIBLE_SILENCE_SHARE: '2' }))
      .toThrow(/OBSERVER_LAG_SECONDS \(20\) must exceed the heartbeat interval \(30\); IMPLAUSIBLE_SILENCE_SHARE must be in \(0, 1\]/);
  });
});
