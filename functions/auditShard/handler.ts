import type { SQSEvent } from 'aws-lambda';
import { segmentJobSchema } from '../../shared/schemas/audits.ts';
import { auditShard } from '../../shared/usecases/audits/audit-shard.ts';
import { auditBatchOptions, auditDeps } from '../../shared/runtime/audit-deps.ts';
import { logger } from '../../shared/runtime/logger.ts';
import { lambda } from '../../shared/runtime/middleware.ts';
import { parseJson, parseWith } from '../../shared/runtime/parse.ts';
import { processSqsBatch } from '../../shared/runtime/sqs-batch.ts';

export const handler = lambda(async (event: SQSEvent) => {
  const deps = auditDeps();
  return processSqsBatch(event, async (record) => {
    const job = parseWith(segmentJobSchema, parseJson(record.body, 'audit segment job'), 'audit segment job');
    const shard = await auditShard(deps, job);
    logger.info('audit segment', { runId: shard.runId, segment: shard.segment, outcome: shard.outcome, run: shard.run, scanned: shard.result?.scanned, findings: shard.result?.summary.findings });
  }, auditBatchOptions());
});
