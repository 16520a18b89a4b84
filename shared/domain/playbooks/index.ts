/** The public face of the playbook domain: what planners, workers and the CLI import. */
export type * from './types.ts';
export type * from './decision.ts';
export type { AttemptOutcome, AttemptRecord, Blocked, RemediationTask, TaskStatus } from './task.ts';
export { TASK_STATUSES, TERMINAL_STATUSES, idempotencyKey, currentAttempt, verifiedSteps } from './task.ts';
export { STEP_KINDS } from './types.ts';
export type { VerificationProbe } from './verify.ts';
export { checkProbe, describeRequirement } from './verify.ts';
export type { PlaybookDefinition, PlaybookSpec } from './define.ts';
export { definePlaybook, playbookIssues } from './define.ts';
export type { PlaybookSet } from './registry.ts';
export { PLAYBOOKS, loadPlaybooks } from './registry.ts';
export type { NoPlaybook, PlanRequest, RemediationPlan } from './plan.ts';
export { planRemediation, remediationTaskId } from './plan.ts';
export { nextAction } from './next-action.ts';
export type { Fact, Outcome } from './record-outcome.ts';
export { recordOutcome } from './record-outcome.ts';
export { describeTried, summarizeAttempts } from './summary.ts';
