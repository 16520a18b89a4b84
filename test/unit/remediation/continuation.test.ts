import { describe, expect, it } from 'vitest';
import { supersededDelivery } from '../../../shared/domain/remediation/continuation.ts';

const now = new Date('2026-11-22T10:00:00.000Z');
const later = '2026-11-22T10:01:00.000Z';
const earlier = '2026-11-22T09:59:00.000Z';

describe('which delivery may move a verifying task on', () => {
  it('runs the delivery that carries the current continuation, and drops older ones', () => {
    expect(supersededDelivery({ token: 'b', dueAt: later }, 'b', now)).toBe(false);
    expect(supersededDelivery({ token: 'b', dueAt: later }, 'a', now)).toBe(true);
  });

  it('drops a nudge while a continuation is on its way, and lets it take over once that is overdue', () => {
    expect(supersededDelivery({ token: 'b', dueAt: later }, undefined, now)).toBe(true);
    expect(supersededDelivery({ token: 'b', dueAt: earlier }, undefined, now)).toBe(false);
  });

  it('runs a nudge, or a retry of the last continuation, when none is on its way', () => {
    expect(supersededDelivery(undefined, undefined, now)).toBe(false);
    expect(supersededDelivery({ token: 'b' }, undefined, now)).toBe(false);
    expect(supersededDelivery({ token: 'b' }, 'b', now)).toBe(false);
  });

  it('drops a continuation for a task that never issued one', () => {
    expect(supersededDelivery(undefined, 'a', now)).toBe(true);
  });
});
