import { describe, expect, it } from 'vitest';
import { parseAdvisory } from '../../../shared/domain/audits/advisories.ts';
import { matchImages, type InventoryRow } from '../../../shared/domain/audits/inventory.ts';

const cve = parseAdvisory({
  id: 'CVE-2026-1234',
  affects: ['pg-16:<16.4.2', 'redis-7.2:*'],
  fixedImage: { name: 'pg-16', version: '16.4.2' },
  severity: 'critical',
  createdAt: '2026-03-01T00:00:00Z',
});

const inventory: InventoryRow[] = [
  { image: 'pg-16:16.4.1', service: 'postgres', zone: 'eu-west-1a', count: 400 },
  { image: 'pg-16:16.4.1', service: 'postgres', zone: 'eu-west-1b', count: 350 },
  { image: 'pg-16:16.3.0', service: 'postgres', zone: 'eu-west-1a', count: 50 },
  { image: 'pg-16:16.4.2', service: 'postgres', zone: 'eu-west-1a', count: 9000 },
  { image: 'redis-7.2:7.2.5', service: 'redis', zone: 'eu-west-1b', count: 120 },
  { image: 'kafka-3.7:3.7.1', service: 'kafka', zone: 'eu-west-1a', count: 30 },
  { image: 'redis-7.2:7.2.5', service: 'redis', zone: 'eu-west-1c', count: 0 },
];

describe('matchImages', () => {
  it('totals affected instances by image, service and zone, largest first', () => {
    expect(matchImages(cve, inventory)).toEqual({
      advisoryId: 'CVE-2026-1234',
      total: 920,
      images: [
        { key: 'pg-16:16.4.1', count: 750 },
        { key: 'redis-7.2:7.2.5', count: 120 },
        { key: 'pg-16:16.3.0', count: 50 },
      ],
      byService: [
        { key: 'postgres', count: 800 },
        { key: 'redis', count: 120 },
      ],
      byZone: [
        { key: 'eu-west-1b', count: 470 },
        { key: 'eu-west-1a', count: 450 },
      ],
    });
  });

  it('answers zero, not an error, when nothing is affected', () => {
    const none = matchImages(cve, inventory.filter((row) => row.image.startsWith('kafka')));
    expect(none).toMatchObject({ total: 0, images: [], byService: [], byZone: [] });
  });

  it('answers over a million instances in well under a second from their inventory rows', () => {
    const rows: InventoryRow[] = [];
    for (let patch = 0; patch < 40; patch++) {
      for (const zone of ['eu-west-1a', 'eu-west-1b', 'eu-west-1c', 'us-east-1a', 'us-east-1b']) {
        rows.push({ image: `pg-16:16.${patch}.0`, service: 'postgres', zone, count: 5000 });
        rows.push({ image: `redis-7.${patch}:7.${patch}.1`, service: 'redis', zone, count: 1000 });
      }
    }
    const started = performance.now();
    const match = matchImages(cve, rows);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(1_200_000);
    // pg-16 16.0.0 to 16.4.0 are below 16.4.2 (5 images x 5 zones x 5000), plus redis-7.2 (5 zones x 1000).
    expect(match.total).toBe(5 * 5 * 5000 + 5 * 1000);
    expect(match.images).toHaveLength(6);
  });

  it('rejects an inventory row whose image is not name:version', () => {
    const row: InventoryRow = { image: 'pg-16', service: 'postgres', zone: 'a', count: 1 };
    expect(() => matchImages(cve, [row])).toThrow(/name:version/);
  });
});
