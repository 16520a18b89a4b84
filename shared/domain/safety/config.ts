import * as z from 'zod';
import { BreakerConfigSchema } from './breaker.ts';
import { BudgetConfigSchema } from './budget.ts';
import { DryRunConfigSchema } from './dry-run.ts';
import { FreezeConfigSchema } from './freeze.ts';
import { MassEventConfigSchema } from './mass-event.ts';

/**
 * Every safety setting in one schema; `SafetyConfigSchema.parse({})` gives the documented defaults
 * (each part's defaults are explained beside its schema). Parse configuration with it at the edge.
 */
export const SafetyConfigSchema = z.object({
  budget: BudgetConfigSchema.prefault({}),
  massEvent: MassEventConfigSchema.prefault({}),
  breaker: BreakerConfigSchema.prefault({}),
  freeze: FreezeConfigSchema.prefault({}),
  dryRun: DryRunConfigSchema.prefault({}),
});
export type SafetyConfig = z.infer<typeof SafetyConfigSchema>;

export const DEFAULT_SAFETY_CONFIG: SafetyConfig = SafetyConfigSchema.parse({});
