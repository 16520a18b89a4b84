import { describe, expect, it } from 'vitest';
import {
  holdsReplacement, incidentCovering, openIncidents, releaseIncident, resolveIncident,
} from '../../../shared/domain/safety/index.ts';
import { incidentPages, type Incident } from '../../../shared/domain/safety/incident.ts';
import type { MassEvent } from '../../../shared/domain/safety/index.ts';

const now = new Date('2025-03-01T10:05:00.000Z');
const zoneA: MassEvent = {
  scope: { kind: 'zone', zone: 'eu-west-1a' }, failed: 12, population: 40, share: 0.3,
  windowStart: '2025-03-01T10:00:00.000Z', instanceIds: [],
};
const inZoneA = { zone: 'eu-west-1a', region: 'eu-west-1', service: 'postgres' as const };
const inZoneB = { ...inZoneA, zone: 'eu-west-1b' };
const engineer = { kind: 'engineer' as const, id: 'alice' };

describe('incidents', () => {
  it('opens one incident per scope, named from the scope and the window start', () => {
    expect(openIncidents([zoneA], [], now)).toEqual([
      {
        id: 'incident:zone=eu-west-1a:2025-03-01T10:00:00.000Z', scope: zoneA.scope, openedAt: now.toISOString(),
        windowStart: zoneA.windowStart, counts: { failed: 12, population: 40 }, status: 'open',
      },
    ]);
  });

  it('opens nothing new while the same scope has an open or released incident, so it pages once', () => {
    const [open] = openIncidents([zoneA], [], now);
    if (open === undefined) throw new Error('expected an incident');
    const later = { ...zoneA, windowStart: '2025-03-01T10:05:00.000Z' };
    expect(openIncidents([later], [open], now)).toEqual([]);
    expect(openIncidents([later], [releaseIncident(open, engineer, 'provider confirmed recovery', now)], now)).toEqual([]);
    expect(openIncidents([later], [resolveIncident(open, 'over', now)], now)).toHaveLength(1);
  });

  it('holds replace, failover and rebuild-replica in the scope, but not restarts or other zones', () => {
    const incidents = openIncidents([zoneA], [], now);
    for (const action of ['replace', 'failover', 'rebuild-replica'] as const) {
      expect(holdsReplacement(incidents, inZoneA, action)?.id, action).toBe('incident:zone=eu-west-1a:2025-03-01T10:00:00.000Z');
    }
    expect(holdsReplacement(incidents, inZoneA, 'restart')).toBeUndefined();
    expect(holdsReplacement(incidents, inZoneB, 'replace')).toBeUndefined();
  });

  it('holds nothing once an engineer released the incident', () => {
    const released = openIncidents([zoneA], [], now).map((i) => releaseIncident(i, engineer, 'go ahead', now));
    expect(released[0]).toMatchObject({ status: 'released', releasedBy: engineer, releasedAt: now.toISOString() });
    expect(holdsReplacement(released, inZoneA, 'replace')).toBeUndefined();
    expect(incidentCovering(released, inZoneA)).toBeUndefined();
  });
});

describe('one page per outage', () => {
  const NOW_ = new Date('2026-03-01T10:00:00.000Z');
  const incident = (kind: 'zone' | 'region' | 'service', population: number, openedAt = NOW_.toISOString()): Incident => {
    const scope = kind === 'zone' ? { kind, zone: 'us-east-1a' } as const : kind === 'region' ? { kind, region: 'us-east-1' } as const : { kind, service: 'postgres' } as const;
    return { id: `incident:${kind}`, scope, openedAt, windowStart: openedAt, counts: { failed: 10, population }, status: 'open' };
  };

  it('pages the broadest of the incidents opened together and folds the others into its page', () => {
    const zone = incident('zone', 10);
    const region = incident('region', 50);
    const service = incident('service', 40);
    expect(incidentPages([zone, region, service], [], NOW_, 300)).toEqual({ page: region, foldedIn: [service, zone] });
  });

  it('folds incidents into an outage already paged within the window, and pages anew after it', () => {
    const earlier = incident('zone', 10, new Date(NOW_.getTime() - 200_000).toISOString());
    const region = incident('region', 50);
    expect(incidentPages([region], [earlier], NOW_, 300)).toEqual({ foldedIn: [region] });
    const old = { ...earlier, openedAt: new Date(NOW_.getTime() - 301_000).toISOString() };
    expect(incidentPages([region], [old], NOW_, 300)).toEqual({ page: region, foldedIn: [] });
    expect(incidentPages([region], [{ ...earlier, status: 'resolved' }], NOW_, 300)).toEqual({ page: region, foldedIn: [] });
  });
});
