/** Wires the audit and advisory adapters from the environment, once per container, over the common deps. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AdvisoryStore } from '../adapters/dynamo/advisory-store.ts';
import { AuditFindings } from '../adapters/dynamo/audit-findings.ts';
import { AuditRunStore } from '../adapters/dynamo/audit-run-store.ts';
import { FleetScanner } from '../adapters/dynamo/fleet-scan.ts';
import { ImageIndex } from '../adapters/dynamo/image-index.ts';
import type { ConditionStore } from '../adapters/dynamo/condition-store.ts';
import type { InstanceQueries } from '../adapters/dynamo/instance-queries.ts';
import type { InstanceStore } from '../adapters/dynamo/instance-store.ts';
import type { LivenessStore } from '../adapters/dynamo/liveness-store.ts';
import { SqsSegmentQueue } from '../adapters/sqs/audit-queue.ts';
import type { AuditConfig, AuditDeps } from '../usecases/audits/deps.ts';
import type { SegmentQueue } from '../usecases/audits/ports.ts';
import { auditConfigFromEnv } from './audit-config.ts';
import { documentClient, sqsClient } from './clients.ts';
import { numberEnv, requireEnv } from './config.ts';
import { runtimeDeps, type RuntimeDeps } from './deps.ts';
import type { BatchOptions } from './sqs-batch.ts';

/** The audit ports as the adapters that serve them: the operator's commands and tests use their wider APIs. */
export interface RuntimeAuditDeps extends AuditDeps, RuntimeDeps {
  store: InstanceStore;
  liveness: LivenessStore;
  conditions: ConditionStore;
  queries: InstanceQueries;
  runs: AuditRunStore;
  findings: AuditFindings;
  scanner: FleetScanner;
  advisories: AdvisoryStore;
  images: ImageIndex;
}

const built = new WeakMap<RuntimeDeps, RuntimeAuditDeps>();

export function auditDeps(base: RuntimeDeps = runtimeDeps()): RuntimeAuditDeps {
  let deps = built.get(base);
  if (deps === undefined) {
    // The queue URL is read on first send: only the functions that start runs are given it.
    const segments: SegmentQueue = {
      sendSegments: (jobs) => new SqsSegmentQueue(sqsClient(), requireEnv('AUDIT_QUEUE_URL')).sendSegments(jobs),
    };
    deps = buildAuditDeps(base, documentClient(), requireEnv('TABLE_NAME'), auditConfigFromEnv(), segments);
    built.set(base, deps);
  }
  return deps;
}

/** The audit adapters over one table; tests call this with their own clients, config and queue. */
export function buildAuditDeps(
  base: RuntimeDeps,
  doc: DynamoDBDocumentClient,
  table: string,
  config: AuditConfig,
  segments: SegmentQueue,
): RuntimeAuditDeps {
  return {
    ...base,
    runs: new AuditRunStore(doc, table),
    findings: new AuditFindings(doc, table),
    scanner: new FleetScanner(doc, table),
    advisories: new AdvisoryStore(doc, table),
    images: new ImageIndex(doc, table),
    segments,
    config,
  };
}

/** How the audit shard dead-letters: its own DLQ and the redrive's receive count. */
export function auditBatchOptions(): BatchOptions {
  return { sqs: sqsClient(), deadLetterQueueUrl: requireEnv('AUDIT_DLQ_URL'), maxAttempts: numberEnv('MAX_RECEIVE_COUNT', 5) };
}
