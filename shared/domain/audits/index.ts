/** The audits domain's public API: import from here rather than from the files behind it. */
export { AUDIT_CONDITIONS, type AuditCondition } from './conditions.ts';
export {
  AUDITED_STATES,
  CHECK_FAMILIES,
  findingSchema,
  isAudited,
  SEVERITIES,
  severityRank,
  type CheckFamily,
  type Finding,
  type Severity,
} from './finding.ts';
export type { AuditCheck, AuditContext, CheckDefinition, ClusterMember } from './check.ts';
export { indexClusters } from './clusters.ts';
export { auditInstance, CHECK_DEFINITIONS, loadChecks, type CheckOverrides } from './registry.ts';
export { DEFAULT_PLANS, planFor, type Plan, type PlanCatalog } from './plans.ts';
export {
  DEFAULT_MAINTENANCE_WINDOW,
  nextMaintenanceWindow,
  remediationTiming,
  type RemediationTiming,
} from './schedule.ts';
export {
  affectsImage,
  imageKey,
  isActiveAdvisory,
  parseAdvisory,
  parseImageKey,
  type Advisory,
} from './advisories.ts';
export { compareVersions } from './image-pattern.ts';
export { matchImages, type ImageMatch, type InventoryRow, type Tally } from './inventory.ts';
export {
  planImageRoll,
  ROLL_PHASES,
  type RollCandidate,
  type RollLimits,
  type RollPhase,
  type RollPlan,
  type RollStep,
  type RollWave,
} from './roll.ts';
