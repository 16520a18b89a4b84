import type { Service } from '../instance.ts';
import { affectsImage, parseImageKey, type Advisory } from './advisories.ts';

/** One row of the store's per-image inventory: how many instances run `image` in a service and zone. */
export interface InventoryRow {
  /** `name:version`. */
  image: string;
  service: Service;
  zone: string;
  count: number;
}

export interface Tally<K extends string> {
  key: K;
  count: number;
}

/** Which images, and how many instances, an advisory affects; every list is largest first. */
export interface ImageMatch {
  advisoryId: string;
  total: number;
  images: Tally<string>[];
  byService: Tally<Service>[];
  byZone: Tally<string>[];
}

/**
 * Answers "which of our instances does this CVE hit?" from the per-image inventory rather than the
 * instances, so its cost follows the number of distinct (image, service, zone) rows, not fleet size:
 * each distinct image is matched once.
 *
 * @example
 *   matchImages(cve, [{ image: 'pg-16:16.4.1', service: 'postgres', zone: 'eu-west-1a', count: 41_000 }, ...])
 *   // { advisoryId: 'CVE-2026-1234', total: 41_000, images: [{ key: 'pg-16:16.4.1', count: 41_000 }], ... }
 * @throws ValidationError when a row's image is not `name:version`.
 */
export function matchImages(advisory: Advisory, inventory: readonly InventoryRow[]): ImageMatch {
  const verdicts = new Map<string, boolean>();
  const images = new Map<string, number>();
  const byService = new Map<Service, number>();
  const byZone = new Map<string, number>();
  let total = 0;
  for (const row of inventory) {
    let affected = verdicts.get(row.image);
    if (affected === undefined) {
      affected = affectsImage(advisory, parseImageKey(row.image));
      verdicts.set(row.image, affected);
    }
    if (!affected || row.count <= 0) continue;
    total += row.count;
    add(images, row.image, row.count);
    add(byService, row.service, row.count);
    add(byZone, row.zone, row.count);
  }
  return {
    advisoryId: advisory.id,
    total,
    images: sorted(images),
    byService: sorted(byService),
    byZone: sorted(byZone),
  };
}

function add<K>(tally: Map<K, number>, key: K, count: number): void {
  tally.set(key, (tally.get(key) ?? 0) + count);
}

function sorted<K extends string>(tally: Map<K, number>): Tally<K>[] {
  return [...tally]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
