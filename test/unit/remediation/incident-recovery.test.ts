import { describe, expect, it } from 'vitest';
import { recoveredIncidents } from '../../../shared/domain/remediation/incident-recovery.ts';
import { MassEventConfigSchema } from '../../../shared/domain/safety/mass-event.ts';
import type { Incident } from '../../../shared/domain/safety/incident.ts';

const now = new Date('2025-03-01T10:30:00.000Z');
const config = MassEventConfigSchema.parse({});
const incident = (overrides: Partial<Incident> = {}): Incident => ({
  id: 'incident:zone=eu-west-1a:2025-03-01T10:00:00.000Z',
  scope: { kind: 'zone', zone: 'eu-west-1a' },
  openedAt: '2025-03-01T10:01:00.000Z',
  windowStart: '2025-03-01T10:00:00.000Z',
  counts: { failed: 40, population: 100 },
  status: 'open',
  ...overrides,
});
const failing = (n: number, zone = 'eu-west-1a') =>
  Array.from({ length: n }, (_, i) => ({ instanceId: `pg-${zone}-${i}`, zone, region: 'eu-west-1', service: 'postgres' }));
const population = { zone: { 'eu-west-1a': 100 }, region: { 'eu-west-1': 300 }, service: { postgres: 300 } };

describe('when a mass-event incident is over', () => {
  it('keeps it while many instances in its scope are still down, even if no new ones fail', () => {
    expect(recoveredIncidents([incident()], failing(40), population, config, now)).toEqual([]);
  });

  it('resolves it once fewer than half the detection share are still down', () => {
    const [recovered] = recoveredIncidents([incident()], [...failing(9), ...failing(30, 'eu-west-1b')], population, config, now);
    expect(recovered).toMatchObject({ failingNow: 9, population: 100, note: 'recovered: 9 of 100 instances still uncertain or unavailable' });
  });

  it('leaves alone an incident younger than the window, and one already resolved', () => {
    const young = incident({ openedAt: '2025-03-01T10:27:00.000Z' });
    const resolved = incident({ status: 'resolved' });
    expect(recoveredIncidents([young, resolved], [], population, config, now)).toEqual([]);
  });
});
