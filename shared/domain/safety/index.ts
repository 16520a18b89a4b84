/** The public face of the safety domain: what planners, workers and the CLI import. */
export * from './budget.ts';
export * from './mass-event.ts';
export * from './incident.ts';
export * from './breaker.ts';
export * from './freeze.ts';
export * from './dry-run.ts';
export * from './config.ts';
export * from './decide.ts';
