/**
 * Instances by image, through the byImage index (keys `IMAGE#<name>:<version>`, projecting state, service,
 * zone, role and version), and instance records by id in batches of 100. The CVE-day listing reads only the
 * affected images' index partitions, never the whole fleet.
 */
import { BatchGetCommand, paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailableError } from '../../domain/errors.ts';
import type { Instance, LifecycleState, Role, Service } from '../../domain/instance.ts';
import { mapLimit } from '../../lib/map-limit.ts';
import type { ImageIndexPort, ImageRow } from '../../usecases/audits/ports.ts';
import { translateDynamoError } from './errors.ts';
import { fromInstanceItem } from './instance-item.ts';
import { imageIndexKey, INDEX, instanceKey } from './keys.ts';

export type { ImageRow };

const BATCH_GET = 100;

export class ImageIndex implements ImageIndexPort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Instances on any of `images` (`name:version`) that `keep` accepts, at most `limit`, image by image. */
  async instancesOn(
    images: readonly string[],
    limit = Number.POSITIVE_INFINITY,
    keep: (row: ImageRow) => boolean = () => true,
  ): Promise<ImageRow[]> {
    const rows: ImageRow[] = [];
    for (const image of images) {
      const [name, version] = splitImage(image);
      const pages = paginateQuery({ client: this.doc }, {
        TableName: this.table,
        IndexName: INDEX.byImage,
        KeyConditionExpression: 'imageKey = :image',
        ExpressionAttributeValues: { ':image': imageIndexKey(name, version) },
      });
      try {
        for await (const page of pages) {
          rows.push(...(page.Items ?? []).map((item) => toRow(item, image)).filter(keep));
          if (rows.length >= limit) return rows.slice(0, limit);
        }
      } catch (error) {
        translateDynamoError(error);
      }
    }
    return rows;
  }

  /** Instance records by id; ids with no record are left out of the map. */
  async instances(ids: readonly string[]): Promise<Map<string, Instance>> {
    const chunks: string[][] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += BATCH_GET) chunks.push(unique.slice(i, i + BATCH_GET));
    const found = await mapLimit(chunks, 4, (chunk) => this.getChunk(chunk));
    return new Map(found.flat().map((instance) => [instance.id, instance]));
  }

  private async getChunk(ids: string[]): Promise<Instance[]> {
    let keys: Record<string, unknown>[] = ids.map(instanceKey);
    const instances: Instance[] = [];
    for (let attempt = 1; keys.length > 0; attempt++) {
      if (attempt > 6) throw new DependencyUnavailableError('DynamoDB', { cause: new Error(`${keys.length} key(s) left unprocessed`) });
      const out = await this.doc
        .send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }))
        .catch(translateDynamoError);
      instances.push(...(out.Responses?.[this.table] ?? []).map(fromInstanceItem));
      keys = out.UnprocessedKeys?.[this.table]?.Keys ?? [];
      if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
    }
    return instances;
  }
}

function splitImage(image: string): [string, string] {
  const colon = image.lastIndexOf(':');
  return [image.slice(0, colon), image.slice(colon + 1)];
}

function toRow(item: Record<string, unknown>, image: string): ImageRow {
  return {
    id: String(item.id),
    image,
    state: item.state as LifecycleState,
    service: item.service as Service,
    zone: String(item.zone),
    role: item.role as Role,
  };
}
