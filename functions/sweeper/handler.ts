import type { RuntimeDeps } from '../../shared/runtime/deps.ts';
import { QueueSender } from '../../shared/adapters/sqs/queue-sender.ts';
import { scheduledEventSchema } from '../../shared/schemas/scheduled.ts';
import { planSweep, type PlanSweepDeps } from '../../shared/usecases/sweeper.ts';
import { sqsClient } from '../../shared/runtime/clients.ts';
import { requireEnv } from '../../shared/runtime/config.ts';
import { sweeperDeps } from '../../shared/runtime/detection-deps.ts';
import { logger } from '../../shared/runtime/logger.ts';
import { lambda } from '../../shared/runtime/middleware.ts';
import { parseWith } from '../../shared/runtime/parse.ts';

/** The function's body over its deps and the sweep queue: Lambda wires them from the environment, the twin over memory. */
export const sweeperHandler = (depsOf: () => RuntimeDeps & PlanSweepDeps, sweepQueue: () => Pick<QueueSender, 'send'>) => async (event: unknown) => {
  parseWith(scheduledEventSchema, event, 'scheduled event');
  const deps = depsOf();
  const plan = await planSweep(deps, deps.clock());
  await sweepQueue().send(plan.jobs.map((job) => ({ body: job })));
  const { jobs, ...summary } = plan;
  logger.info('sweep planned', { ...summary, jobs: jobs.length });
  return { ...summary, jobs: jobs.length };
};

let sweepQueue: QueueSender | undefined;

export const handler = lambda(sweeperHandler(sweeperDeps, () => (sweepQueue ??= new QueueSender(sqsClient(), requireEnv('SWEEP_QUEUE_URL')))));
