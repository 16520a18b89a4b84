/** Dependencies of heartbeat intake and the sweeper, on top of the common ones. */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ThresholdsByService } from '../domain/liveness.ts';
import type { ObserverConfig } from '../domain/observer/hold.ts';
import { reportPaging, type ReportPaging } from '../domain/report-pages.ts';
import { QueueBacklog } from '../adapters/sqs/queue-backlog.ts';
import type { HeartbeatDeps } from '../usecases/heartbeats.ts';
import type { IntakeDeps, IntakeMeter } from '../usecases/intake.ts';
import type { PlanSweepDeps, SweepDeps } from '../usecases/sweeper.ts';
import { sqsClient } from './clients.ts';
import { numberEnv, requireEnv } from './config.ts';
import { runtimeDeps, type RuntimeDeps } from './deps.ts';
import { reportRefreshSecondsFromEnv, thresholdsFromEnv } from './liveness-config.ts';
import { logger } from './logger.ts';
import { MeteredIntakeMeter } from './metrics.ts';
import { observerConfigFromEnv } from './observer-config.ts';
import type { BatchOptions } from './sqs-batch.ts';

let thresholds: ThresholdsByService | undefined;
let observerConfig: ObserverConfig | undefined;
let intakeMeter: IntakeMeter | undefined;
/** Read once per container, like the thresholds; 'off' when REPORT_REFRESH_SECONDS=0. */
let paging: ReportPaging | 'off' | undefined;
let backlog: QueueBacklog | undefined;

/** A container records its intake mark at most this often (docs/PERFORMANCE.md has the cost). */
export const INTAKE_MARK_SECONDS = 2;

/** Reports of one SQS batch the heartbeat function records at once (each is its own cell's item). */
export const HEARTBEAT_RECORDS_IN_FLIGHT = 4;

/** What heartbeat intake and the sweep worker take (the twin builds it over memory adapters). */
export type DetectionDeps = RuntimeDeps & HeartbeatDeps & SweepDeps & IntakeDeps & { observerConfig: ObserverConfig };

export function detectionDeps(): DetectionDeps {
  thresholds ??= thresholdsFromEnv();
  observerConfig ??= observerConfigFromEnv();
  intakeMeter ??= new MeteredIntakeMeter(INTAKE_MARK_SECONDS);
  if (paging === undefined) {
    const refresh = reportRefreshSecondsFromEnv();
    paging = refresh === 0 ? 'off' : reportPaging(thresholds, observerConfig.lagSeconds, refresh);
  }
  return {
    ...runtimeDeps(),
    thresholds,
    ...(paging === 'off' ? {} : { paging }),
    metricsSnapshotSeconds: numberEnv('METRICS_SNAPSHOT_SECONDS', 86_400),
    intakeMeter,
    observerConfig,
  };
}

/** The sweeper's: detection's, and the heartbeat queue's backlog for the ingestion watermark. */
export function sweeperDeps(): RuntimeDeps & PlanSweepDeps {
  return { ...detectionDeps(), backlog: heartbeatBacklog() };
}

function heartbeatBacklog(): QueueBacklog {
  backlog ??= new QueueBacklog(sqsClient(), requireEnv('HEARTBEAT_QUEUE_URL'), (error) => logger.warn('heartbeat queue unreadable', { error: String(error) }));
  return backlog;
}

/** How an SQS consumer dead-letters: its DLQ (named by an environment variable) and the redrive's receive count. */
export function batchOptions(deadLetterQueueEnv: string, concurrency = 1): BatchOptions {
  const sqs: SQSClient = sqsClient();
  return { sqs, deadLetterQueueUrl: requireEnv(deadLetterQueueEnv), maxAttempts: numberEnv('MAX_RECEIVE_COUNT', 5), concurrency };
}
