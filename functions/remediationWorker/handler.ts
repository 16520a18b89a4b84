import type { Context, SQSEvent } from 'aws-lambda';
import { batchOptions } from '../../shared/runtime/detection-deps.ts';
import { lambda } from '../../shared/runtime/middleware.ts';
import { workerDeps } from '../../shared/runtime/remediation-deps.ts';
import { remediationRecordHandler } from '../../shared/runtime/remediation-record.ts';
import { processSqsBatch, type BatchOptions } from '../../shared/runtime/sqs-batch.ts';
import type { WorkerDeps } from '../../shared/usecases/remediation/deps.ts';

/** The function's body over its deps: Lambda wires them from the environment, the twin over memory (twin/wiring.ts). */
export const remediationWorkerHandler = (depsOf: () => WorkerDeps, batch: () => BatchOptions) => async (event: SQSEvent, context: Pick<Context, 'getRemainingTimeInMillis'>) => {
  const options = batch();
  const handle = remediationRecordHandler(depsOf(), options.maxAttempts, () => context.getRemainingTimeInMillis());
  return processSqsBatch(event, handle, options);
};

export const handler = lambda(remediationWorkerHandler(workerDeps, () => batchOptions('REMEDIATION_DLQ_URL', 5)));
