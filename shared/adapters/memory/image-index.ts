/** Instances by image in memory (dynamo/image-index.ts): the byImage index, and records by id. */
import type { Instance, LifecycleState, Role, Service } from '../../domain/instance.ts';
import type { ImageIndex, ImageRow } from '../dynamo/image-index.ts';
import { copyOf } from './copy.ts';
import type { PublicApi } from './public-api.ts';
import { byteOrder } from './table.ts';
import type { MemoryTables } from './tables.ts';

export class MemoryImageIndex implements PublicApi<ImageIndex> {
  constructor(private readonly db: MemoryTables) {}

  async instancesOn(images: readonly string[], limit = Number.POSITIVE_INFINITY, keep: (row: ImageRow) => boolean = () => true): Promise<ImageRow[]> {
    const rows: ImageRow[] = [];
    for (const image of images) {
      for (const id of [...(this.db.byImage.get(image) ?? [])].sort(byteOrder)) {
        const record = this.db.instances.get(id);
        if (record === undefined) continue;
        const row: ImageRow = {
          id, image, state: record.state as LifecycleState, service: record.service as Service, zone: String(record.zone), role: copyOf(record.role) as Role,
        };
        if (keep(row)) rows.push(row);
        if (rows.length >= limit) return rows;
      }
    }
    return rows;
  }

  async instances(ids: readonly string[]): Promise<Map<string, Instance>> {
    const found = new Map<string, Instance>();
    for (const id of new Set(ids)) {
      const record = this.db.instances.get(id);
      if (record !== undefined) found.set(id, copyOf(record) as unknown as Instance);
    }
    return found;
  }
}
