import * as z from 'zod';

/** Dry run: decide and record everything, act on nothing. Global, or for named playbooks. */
export const DryRunConfigSchema = z.object({
  global: z.boolean().default(false),
  playbooks: z.array(z.string().min(1)).default([]),
});
export type DryRunConfig = z.infer<typeof DryRunConfigSchema>;

/** Why this playbook's action must not run for real, or undefined when it may. */
export function dryRunReason(config: DryRunConfig, playbook: string, taskDryRun = false): string | undefined {
  if (taskDryRun) return 'dry run: the task was planned as a dry run';
  if (config.global) return 'dry run: dry-run mode is on for the whole fleet';
  if (config.playbooks.includes(playbook)) return `dry run: dry-run mode is on for playbook ${playbook}`;
  return undefined;
}
