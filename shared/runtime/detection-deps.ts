/** Dependencies of heartbeat intake and the sweeper, on top of the common ones. */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ThresholdsByService } from '../domain/liveness.ts';
import type { HeartbeatDeps } from '../usecases/heartbeats.ts';
import type { SweepDeps } from '../usecases/sweeper.ts';
import { sqsClient } from './clients.ts';
import { numberEnv, requireEnv } from './config.ts';
import { runtimeDeps, type RuntimeDeps } from './deps.ts';
import { thresholdsFromEnv } from './liveness-config.ts';
import type { BatchOptions } from './sqs-batch.ts';

let thresholds: ThresholdsByService | undefined;

export function detectionDeps(): RuntimeDeps & HeartbeatDeps & SweepDeps {
  thresholds ??= thresholdsFromEnv();
  return { ...runtimeDeps(), thresholds, metricsSnapshotSeconds: numberEnv('METRICS_SNAPSHOT_SECONDS', 86_400) };
}

/** How an SQS consumer dead-letters: its DLQ (named by an environment variable) and the redrive's receive count. */
export function batchOptions(deadLetterQueueEnv: string, concurrency = 1): BatchOptions {
  const sqs: SQSClient = sqsClient();
  return { sqs, deadLetterQueueUrl: requireEnv(deadLetterQueueEnv), maxAttempts: numberEnv('MAX_RECEIVE_COUNT', 5), concurrency };
}
