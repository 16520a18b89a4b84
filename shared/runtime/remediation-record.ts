/**
 * One remediation queue record: parse the message, run the task under a lease as long as the function may
 * still run. A record's receive count tells the run whether the queue will deliver it again.
 */
import type { SQSRecord } from 'aws-lambda';
import { remediationMessageSchema } from '../schemas/remediation.ts';
import type { WorkerDeps } from '../usecases/remediation/deps.ts';
import { runRemediation } from '../usecases/remediation/worker.ts';
import { logger } from './logger.ts';
import { parseJson, parseWith } from './parse.ts';
import type { RecordHandler } from './sqs-batch.ts';

/** Stop starting new steps this long before the function times out (a provider call may take ~17 s). */
const MARGIN_MS = 20_000;

export function remediationRecordHandler(deps: WorkerDeps, maxAttempts: number, remainingMs: () => number): RecordHandler {
  return async (record: SQSRecord) => {
    const { taskId, continuation } = parseWith(remediationMessageSchema, parseJson(record.body, 'remediation message'), 'remediation message');
    const delivery = Number(record.attributes.ApproximateReceiveCount ?? '1');
    const leaseMs = remainingMs();
    const result = await runRemediation(deps, taskId, {
      token: `${record.messageId}:${delivery}`,
      leaseMs,
      stopStartingAt: Date.now() + Math.max(leaseMs / 2, leaseMs - MARGIN_MS),
      finalDelivery: delivery >= maxAttempts,
      ...(continuation === undefined ? {} : { continuation }),
    });
    logger.info('remediation run', { taskId, ...result });
  };
}
