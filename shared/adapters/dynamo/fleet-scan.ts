/**
 * Reads the fleet for an audit: one parallel-Scan segment of instance records, and the members of clusters
 * whose primary lives in another segment (through the byCluster index). Scan segments are fixed by the
 * hash of the partition key, so a retried segment reads the same instances.
 */
import { paginateScan, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LifecycleState, Role } from '../../domain/instance.ts';
import { mapLimit } from '../../lib/map-limit.ts';
import type { FleetScanPort, MemberRow, SegmentRead } from '../../usecases/audits/ports.ts';
import { translateDynamoError } from './errors.ts';
import { fromInstanceItem } from './instance-item.ts';
import { clusterIndexKey, INDEX } from './keys.ts';
import { queryAll } from './query.ts';

export type { MemberRow, SegmentRead };

export class FleetScanner implements FleetScanPort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async segment(segment: number, totalSegments: number): Promise<SegmentRead> {
    const read: SegmentRead = { instances: [], pages: 0 };
    const pages = paginateScan({ client: this.doc }, {
      TableName: this.table,
      Segment: segment,
      TotalSegments: totalSegments,
      FilterExpression: 'entity = :instance',
      ExpressionAttributeValues: { ':instance': 'instance' },
    });
    try {
      for await (const page of pages) {
        read.pages += 1;
        read.instances.push(...(page.Items ?? []).map(fromInstanceItem));
      }
    } catch (error) {
      translateDynamoError(error);
    }
    return read;
  }

  /** Every member of each named cluster: one small index query per cluster, a few at a time. */
  async clusterMembers(clusters: readonly string[], concurrency = 16): Promise<MemberRow[]> {
    const found = await mapLimit(clusters, concurrency, (cluster) =>
      queryAll(this.doc, {
        TableName: this.table,
        IndexName: INDEX.byCluster,
        KeyConditionExpression: 'clusterKey = :cluster',
        ProjectionExpression: 'id, #role, #zone, #state',
        ExpressionAttributeNames: { '#role': 'role', '#zone': 'zone', '#state': 'state' },
        ExpressionAttributeValues: { ':cluster': clusterIndexKey(cluster) },
      }),
    );
    return found.flat().map((item) => ({
      id: String(item.id),
      role: item.role as Role,
      zone: String(item.zone),
      state: item.state as LifecycleState,
    }));
  }
}
