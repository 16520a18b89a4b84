import { QueueSender } from '../../shared/adapters/sqs/queue-sender.ts';
import { scheduledEventSchema } from '../../shared/schemas/scheduled.ts';
import { planSweep } from '../../shared/usecases/sweeper.ts';
import { sqsClient } from '../../shared/runtime/clients.ts';
import { requireEnv } from '../../shared/runtime/config.ts';
import { sweeperDeps } from '../../shared/runtime/detection-deps.ts';
import { logger } from '../../shared/runtime/logger.ts';
import { lambda } from '../../shared/runtime/middleware.ts';
import { parseWith } from '../../shared/runtime/parse.ts';

export const handler = lambda(async (event: unknown) => {
  parseWith(scheduledEventSchema, event, 'scheduled event');
  const deps = sweeperDeps();
  const plan = await planSweep(deps, deps.clock());
  await new QueueSender(sqsClient(), requireEnv('SWEEP_QUEUE_URL')).send(plan.jobs.map((job) => ({ body: job })));
  const { jobs, ...summary } = plan;
  logger.info('sweep planned', { ...summary, jobs: jobs.length });
  return { ...summary, jobs: jobs.length };
});
