import type { Context, SQSEvent } from 'aws-lambda';
import { batchOptions } from '../../shared/runtime/detection-deps.ts';
import { lambda } from '../../shared/runtime/middleware.ts';
import { workerDeps } from '../../shared/runtime/remediation-deps.ts';
import { remediationRecordHandler } from '../../shared/runtime/remediation-record.ts';
import { processSqsBatch } from '../../shared/runtime/sqs-batch.ts';

export const handler = lambda(async (event: SQSEvent, context: Context) => {
  const options = batchOptions('REMEDIATION_DLQ_URL', 5);
  const handle = remediationRecordHandler(workerDeps(), options.maxAttempts, () => context.getRemainingTimeInMillis());
  return processSqsBatch(event, handle, options);
});
