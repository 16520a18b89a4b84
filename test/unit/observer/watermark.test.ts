import { describe, expect, it } from 'vitest';
import { ingestionWatermark, intakeGap, recoveringFromGap, silentSeconds, sweeperGap } from '../../../shared/domain/observer/watermark.ts';
import { IntakeMeter } from '../../../shared/usecases/intake.ts';

const at = (hms: string) => new Date(`2026-11-22T${hms}.000Z`);
const iso = (hms: string) => at(hms).toISOString();

describe('the ingestion watermark', () => {
  it('is now when the heartbeat queue is empty: every report sent has been processed', () => {
    expect(ingestionWatermark(0, { frontier: iso('09:00:00'), processedAt: iso('09:00:01') }, at('10:00:00'))).toEqual({ at: iso('10:00:00'), lagSeconds: 0, basis: 'queue-empty' });
  });

  it('is the intake frontier while reports wait, trailing the clock by the backlog', () => {
    const mark = { frontier: iso('10:00:00'), processedAt: iso('10:04:00') };
    expect(ingestionWatermark(240, mark, at('10:05:00'))).toEqual({ at: iso('10:00:00'), lagSeconds: 300, basis: 'frontier' });
  });

  it('falls back on the frontier when the queue cannot be read, never taking it as empty', () => {
    expect(ingestionWatermark(undefined, { frontier: iso('10:04:58'), processedAt: iso('10:04:59') }, at('10:05:00')).lagSeconds).toBe(2);
  });

  it('is unknown when reports wait and no batch was ever recorded: nothing can be judged', () => {
    expect(ingestionWatermark(12, undefined, at('10:05:00'))).toEqual({ basis: 'unknown' });
  });

  it('never runs ahead of the clock', () => {
    expect(ingestionWatermark(3, { frontier: iso('10:06:00'), processedAt: iso('10:06:00') }, at('10:05:00'))).toMatchObject({ at: iso('10:05:00'), lagSeconds: 0 });
  });
});

describe('gaps in Fleetwarden\'s own running', () => {
  it('sees an intake gap when the frontier jumps further than the lag bound, not at it', () => {
    expect(intakeGap(iso('10:00:00'), iso('10:01:00'), 60)).toBeUndefined();
    expect(intakeGap(iso('10:00:00'), iso('10:01:01'), 60)).toEqual({ kind: 'intake', startedAt: iso('10:00:00'), endedAt: iso('10:01:01') });
    expect(intakeGap(undefined, iso('10:01:01'), 60)).toBeUndefined();
  });

  it('sees a sweeper gap when the previous sweep was longer ago than the bound', () => {
    expect(sweeperGap(iso('10:00:00'), at('10:03:00'), 180)).toBeUndefined();
    expect(sweeperGap(iso('10:00:00'), at('10:03:01'), 180)).toEqual({ kind: 'sweeper', startedAt: iso('10:00:00'), endedAt: iso('10:03:01') });
    expect(sweeperGap(undefined, at('10:03:01'), 180)).toBeUndefined();
  });

  it('counts silence only from the end of a gap that came after the last sign of life', () => {
    expect(silentSeconds(iso('10:00:00'), iso('10:02:00'))).toBe(120);
    expect(silentSeconds(iso('10:00:00'), iso('10:02:00'), iso('10:01:30'))).toBe(30);
    expect(silentSeconds(iso('10:01:45'), iso('10:02:00'), iso('10:01:30'))).toBe(15);
    expect(silentSeconds(iso('10:02:10'), iso('10:02:00'))).toBe(0);
  });

  it('is recovering from a gap until fresh data covers a full threshold after it', () => {
    const gap = { kind: 'sweeper' as const, startedAt: iso('10:00:00'), endedAt: iso('10:04:30') };
    expect(recoveringFromGap(gap, iso('10:05:59'), 90)).toBe(true);
    expect(recoveringFromGap(gap, iso('10:06:00'), 90)).toBe(false);
    expect(recoveringFromGap(gap, undefined, 90)).toBe(true);
    expect(recoveringFromGap(undefined, iso('10:06:00'), 90)).toBe(false);
  });
});

describe('the intake meter of a heartbeat consumer', () => {
  it('records the oldest first delivery, leaving redeliveries out (they are old by design)', () => {
    const meter = new IntakeMeter(2);
    meter.observe([{ sentAt: iso('10:00:05'), attempt: 1 }, { sentAt: iso('09:50:00'), attempt: 3 }, { sentAt: iso('10:00:03'), attempt: 1 }]);
    expect(meter.take(at('10:00:06'))).toEqual({ frontier: iso('10:00:03'), processedAt: iso('10:00:06') });
  });

  it('writes at most once per period, carrying the oldest over to the next write', () => {
    const meter = new IntakeMeter(2);
    meter.observe([{ sentAt: iso('10:00:00'), attempt: 1 }]);
    expect(meter.take(at('10:00:01'))).toBeDefined();
    meter.observe([{ sentAt: iso('10:00:01'), attempt: 1 }]);
    expect(meter.take(at('10:00:02'))).toBeUndefined();
    meter.observe([{ sentAt: iso('10:00:02'), attempt: 1 }]);
    expect(meter.take(at('10:00:03'))).toEqual({ frontier: iso('10:00:01'), processedAt: iso('10:00:03') });
  });

  it('has nothing to record when only redeliveries or unreadable times were processed', () => {
    const meter = new IntakeMeter(0);
    meter.observe([{ sentAt: iso('10:00:00'), attempt: 2 }, { sentAt: 'not a time', attempt: 1 }]);
    expect(meter.take(at('10:00:03'))).toBeUndefined();
  });
});
