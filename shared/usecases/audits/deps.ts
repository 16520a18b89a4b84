/** What the audit and advisory use cases need: the ledger's dependencies plus the audit's own adapters. */
import type { AdvisoryStore } from '../../adapters/dynamo/advisory-store.ts';
import type { AuditFindings } from '../../adapters/dynamo/audit-findings.ts';
import type { AuditRunStore } from '../../adapters/dynamo/audit-run-store.ts';
import type { FleetScanner } from '../../adapters/dynamo/fleet-scan.ts';
import type { ImageIndex } from '../../adapters/dynamo/image-index.ts';
import type { InstanceQueries } from '../../adapters/dynamo/instance-queries.ts';
import type { SegmentQueue } from '../../adapters/sqs/audit-queue.ts';
import type { AuditCheck } from '../../domain/audits/check.ts';
import type { PlanCatalog } from '../../domain/audits/plans.ts';
import type { RollLimits } from '../../domain/audits/roll.ts';
import type { ConditionDeps } from '../conditions.ts';

export interface AuditConfig {
  /** Parallel-scan segments per run: one SQS message and one shard invocation each. */
  segments: number;
  /** The checks every run applies, options resolved (loadChecks). */
  checks: readonly AuditCheck[];
  plans: PlanCatalog;
  roll: RollLimits;
  /** Most instances `--json` lists for an advisory (a Lambda answer is at most 6 MB). */
  listLimit: number;
}

export interface AuditDeps extends ConditionDeps {
  queries: Pick<InstanceQueries, 'inventory'>;
  runs: AuditRunStore;
  findings: AuditFindings;
  scanner: FleetScanner;
  advisories: AdvisoryStore;
  images: ImageIndex;
  segments: SegmentQueue;
  config: AuditConfig;
}
