/** The other members of an instance's cluster (replication group), through the byCluster index. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Instance } from '../../domain/instance.ts';
import { fromInstanceItem } from './instance-item.ts';
import { clusterIndexKey, INDEX } from './keys.ts';
import { queryAll } from './query.ts';
import type { ClusterPort } from '../../usecases/remediation/ports.ts';

export class ClusterQueries implements ClusterPort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async members(cluster: string): Promise<Instance[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      IndexName: INDEX.byCluster,
      KeyConditionExpression: 'clusterKey = :key',
      ExpressionAttributeValues: { ':key': clusterIndexKey(cluster) },
    });
    return items.map(fromInstanceItem);
  }
}
