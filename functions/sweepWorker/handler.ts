import type { SQSEvent } from 'aws-lambda';
import { sweepJobSchema } from '../../shared/schemas/sweep.ts';
import { runSweepJob } from '../../shared/usecases/sweeper.ts';
import { batchOptions, detectionDeps, type DetectionDeps } from '../../shared/runtime/detection-deps.ts';
import { logger } from '../../shared/runtime/logger.ts';
import { lambda } from '../../shared/runtime/middleware.ts';
import { parseJson, parseWith } from '../../shared/runtime/parse.ts';
import { processSqsBatch, type BatchOptions } from '../../shared/runtime/sqs-batch.ts';

/** The function's body over its deps: Lambda wires them from the environment, the twin over memory (twin/wiring.ts). */
export const sweepWorkerHandler = (depsOf: () => DetectionDeps, batch: () => BatchOptions) => async (event: SQSEvent) => {
  const deps = depsOf();
  return processSqsBatch(event, async (record) => {
    const job = parseWith(sweepJobSchema, parseJson(record.body, 'sweep job'), 'sweep job');
    const { transitions } = await runSweepJob(deps, job, deps.clock());
    if (transitions.length > 0) logger.info('sweep job', { transitions });
  }, batch());
};

export const handler = lambda(sweepWorkerHandler(detectionDeps, () => batchOptions('SWEEP_DLQ_URL', 4)));
