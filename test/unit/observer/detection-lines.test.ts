import { describe, expect, it } from 'vitest';
import { detectionLines } from '../../../cli/commands/detection.ts';

const held = {
  held: true,
  summary: 'Fleetwarden is behind, not the fleet: its heartbeat intake is 240 s behind. ...',
  hold: { since: '2026-11-22T10:02:00.000Z', reasons: ['behind' as const, 'implausible' as const], lagSeconds: 240 },
  scopes: [
    { service: 'redis' as const, quietCells: 9, cells: 12, zones: 3, since: '2026-11-22T10:02:00.000Z' },
    { service: 'kafka' as const, quietCells: 6, cells: 6, zones: 2, since: '2026-11-22T10:00:00.000Z', releasedAt: '2026-11-22T10:05:00.000Z', releasedBy: 'engineer:alice' },
  ],
  intake: { frontier: '2026-11-22T09:58:00.000Z', processedAt: '2026-11-22T10:01:58.000Z' },
  lastSweepAt: '2026-11-22T10:06:00.000Z',
};

describe('how warden shows detection', () => {
  it('says in one line of status that detection is held, why and how far behind, then the pager line', () => {
    expect(detectionLines(held, false)).toEqual([
      'detection HELD since 2026-11-22T10:02:00.000Z (behind, implausible, intake 240 s behind)',
      `  ${held.summary}`,
    ]);
  });

  it('shows in full the intake mark, the last sweep and each held service, released or not', () => {
    const text = detectionLines(held, true).join('\n');
    expect(text).toContain('intake: reports sent up to 2026-11-22T09:58:00.000Z processed (recorded 2026-11-22T10:01:58.000Z)');
    expect(text).toContain('last sweep: 2026-11-22T10:06:00.000Z');
    expect(text).toMatch(/redis\s+9 of 12\s+3\s+2026-11-22T10:02:00.000Z\s+no: held/);
    expect(text).toMatch(/kafka\s+6 of 6\s+2\s+2026-11-22T10:00:00.000Z\s+released by engineer:alice/);
  });

  it('is one line when detection judges normally', () => {
    expect(detectionLines({ held: false, summary: 'detection is judging silence normally', scopes: [] }, true)).toEqual(['detection judging normally']);
  });
});
