/** What the audit and advisory use cases need: the ledger's dependencies plus the audit's own adapters. */
import type { AuditCheck } from '../../domain/audits/check.ts';
import type { PlanCatalog } from '../../domain/audits/plans.ts';
import type { RollLimits } from '../../domain/audits/roll.ts';
import type { ConditionDeps } from '../conditions.ts';
import type { InstanceFinderPort, InstanceStorePort, InventoryPort } from '../ledger/ports.ts';
import type { AdvisoryPort, AuditRunPort, FindingsPort, FleetScanPort, ImageIndexPort, SegmentQueue } from './ports.ts';

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
  /** Findings raise conditions on instances that may have left the ledger since the scan. */
  store: InstanceStorePort & InstanceFinderPort;
  queries: InventoryPort;
  runs: AuditRunPort;
  findings: FindingsPort;
  scanner: FleetScanPort;
  advisories: AdvisoryPort;
  images: ImageIndexPort;
  segments: SegmentQueue;
  config: AuditConfig;
}
