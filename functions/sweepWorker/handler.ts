import type { SQSEvent } from 'aws-lambda';
import { sweepJobSchema } from '../../shared/schemas/sweep.ts';
import { runSweepJob } from '../../shared/usecases/sweeper.ts';
import { batchOptions, detectionDeps } from '../../shared/runtime/detection-deps.ts';
import { logger } from '../../shared/runtime/logger.ts';
import { lambda } from '../../shared/runtime/middleware.ts';
import { parseJson, parseWith } from '../../shared/runtime/parse.ts';
import { processSqsBatch } from '../../shared/runtime/sqs-batch.ts';

export const handler = lambda(async (event: SQSEvent) => {
  const deps = detectionDeps();
  return processSqsBatch(event, async (record) => {
    const job = parseWith(sweepJobSchema, parseJson(record.body, 'sweep job'), 'sweep job');
    const { transitions } = await runSweepJob(deps, job, deps.clock());
    if (transitions.length > 0) logger.info('sweep job', { transitions });
  }, batchOptions('SWEEP_DLQ_URL', 4));
});
