/** Pure helpers the remediation planner, workers and operator commands share (beside playbooks and safety). */
export * from './agenda.ts';
export * from './continuation.ts';
export * from './after-dry-run.ts';
export * from './scope.ts';
export * from './fleet-size.ts';
export * from './incident-recovery.ts';
export * from './task-view.ts';
export * from './errors.ts';
export * from './escalation.ts';
