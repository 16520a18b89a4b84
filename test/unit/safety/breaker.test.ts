import { describe, expect, it } from 'vitest';
import { BreakerConfigSchema, breakerState } from '../../../shared/domain/safety/index.ts';
import type { OutcomeSample } from '../../../shared/domain/safety/index.ts';

const T0 = new Date('2025-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000).toISOString();
const config = BreakerConfigSchema.parse({});
const now = new Date(T0.getTime() + 3600 * 1000);

function samples(failed: number, passed: number, seconds = 1800): OutcomeSample[] {
  return [
    ...Array.from({ length: failed }, (_, i) => ({ at: at(seconds + i), ok: false })),
    ...Array.from({ length: passed }, (_, i) => ({ at: at(seconds + 100 + i), ok: true })),
  ];
}

describe('the circuit breaker of a playbook', () => {
  it('defaults to opening at 50% failures over an hour, with at least 5 samples', () => {
    expect(config).toEqual({ windowSeconds: 3600, minSamples: 5, failureRate: 0.5 });
  });

  it('stays closed with fewer samples than the minimum, even if all failed', () => {
    expect(breakerState(samples(4, 0), config, now)).toEqual({ state: 'closed', rate: 1, samples: 4, failures: 4 });
  });

  it('opens at exactly the failure rate, saying how many failed', () => {
    expect(breakerState(samples(3, 3), config, now)).toEqual({
      state: 'open', rate: 0.5, samples: 6, failures: 3, lastFailureAt: at(1802), openedAt: at(1901),
      reason: '3 of 6 attempts failed in the last 3600 s (50%, limit 50%)',
    });
  });

  it('dates the opening to the sample that opened it, however many failures follow', () => {
    const opened = samples(5, 0, 1800);
    expect(breakerState(opened, config, now)).toMatchObject({ state: 'open', openedAt: at(1804) });
    const more = [...opened, { at: at(2400), ok: false }, { at: at(3000), ok: false }];
    expect(breakerState(more, config, now)).toMatchObject({ state: 'open', openedAt: at(1804), lastFailureAt: at(3000) });
    // An hour on, the first failures have aged out, but the later ones kept it open all along: the same opening.
    const hourLater = new Date(now.getTime() + 1801 * 1000);
    expect(breakerState(more, config, hourLater)).toMatchObject({ state: 'open', openedAt: at(1804) });
  });

  it('dates a new opening after it closed', () => {
    const reopened = [...samples(5, 0, 0), ...samples(5, 0, 3700)];
    expect(breakerState(reopened, config, new Date(T0.getTime() + 3710 * 1000))).toMatchObject({ state: 'open', openedAt: at(3704) });
  });

  it('stays closed just under the failure rate', () => {
    expect(breakerState(samples(3, 4), config, now)).toMatchObject({ state: 'closed', samples: 7 });
  });

  it('forgets outcomes exactly one window old, which closes it again', () => {
    expect(breakerState(samples(5, 0, 0), config, now).state).toBe('closed');
    expect(breakerState(samples(5, 0, 1), config, now).state).toBe('open');
  });
});
