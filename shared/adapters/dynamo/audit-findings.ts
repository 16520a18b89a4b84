/**
 * A run's findings, one item each, keyed by run, segment, instance, check and the finding's number within
 * that check: a retried segment rewrites the same items instead of adding new ones. Each segment writes its
 * own partitions, so a million instances' findings are written by all segments at once. Kept 14 days: the
 * run's summary (kept 400 days) is what reports compare; and the audit's scan reads whatever the table holds.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Finding } from '../../domain/audits/finding.ts';
import { mapLimit } from '../../lib/map-limit.ts';
import type { FindingsPort } from '../../usecases/audits/ports.ts';
import { FINDING_SPREAD, findingKey, findingsPartition } from './audit-keys.ts';
import { putAll } from './batch-write.ts';
import { queryAll } from './query.ts';

const RETENTION_SECONDS = 14 * 24 * 3600;

export interface StoredFinding extends Finding {
  runId: string;
  segment: number;
}

export class AuditFindings implements FindingsPort {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async write(runId: string, segment: number, findings: Iterable<Finding>, at: string): Promise<number> {
    const seen = new Map<string, number>();
    const expiresAt = Math.floor(Date.parse(at) / 1000) + RETENTION_SECONDS;
    const items = [...findings].map((finding) => {
      const slot = `${finding.instanceId}#${finding.check}`;
      const n = seen.get(slot) ?? 0;
      seen.set(slot, n + 1);
      const key = findingKey(runId, segment, finding.instanceId, finding.check, n);
      return { ...key, entity: 'finding', runId, segment, ...finding, expiresAt };
    });
    await putAll(this.doc, this.table, items);
    return items.length;
  }

  /** A run's findings across its segments, at most `limit`, in segment order. */
  async list(runId: string, totalSegments: number, limit: number): Promise<StoredFinding[]> {
    const partitions = Array.from({ length: totalSegments * FINDING_SPREAD }, (_, i) =>
      findingsPartition(runId, Math.floor(i / FINDING_SPREAD), i % FINDING_SPREAD),
    );
    const pages = await mapLimit(partitions, 8, (pk) =>
      queryAll(this.doc, {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      }, (items) => items.length >= limit),
    );
    return pages.flat().slice(0, limit).map(({ pk: _pk, sk: _sk, entity: _e, expiresAt: _x, ...rest }) => rest as unknown as StoredFinding);
  }
}
