import type * as z from 'zod';
import { ValidationError } from '../errors.ts';
import { LIFECYCLE_STATES } from '../instance.ts';
import type { ConditionName } from '../instance.ts';
import { STEP_KINDS } from './types.ts';
import type { ActionStep, Playbook, Step } from './types.ts';

/** What a playbook file declares. `steps` builds the steps from the parsed options. */
export interface PlaybookSpec<O extends Record<string, unknown>> {
  name: string;
  condition: ConditionName;
  description: string;
  /** A zod schema whose defaults are the documented defaults; `{}` must parse. */
  options: z.ZodType<O>;
  steps(options: O): Step[];
}

/** A registered playbook. `validate()` parses its options, builds its steps and checks them at load. */
export interface PlaybookDefinition {
  readonly name: string;
  readonly condition: ConditionName;
  readonly description: string;
  /** @throws ValidationError naming the playbook and every problem found. */
  validate(options?: unknown): Playbook;
}

const KNOWN_KINDS: ReadonlySet<string> = new Set(STEP_KINDS);
const KNOWN_STATES: ReadonlySet<string> = new Set(LIFECYCLE_STATES);

function actionStepIssues(step: ActionStep, label: string): string[] {
  const issues: string[] = [];
  if (!Number.isInteger(step.maxAttempts) || step.maxAttempts < 1) {
    issues.push(`${label}: maxAttempts must be an integer of at least 1, got ${step.maxAttempts}`);
  }
  if (!(step.verify.withinSeconds > 0)) issues.push(`${label}: verify.withinSeconds must be positive`);
  if (step.verify.require.length === 0) issues.push(`${label}: verify must require something of the probe`);
  for (const state of Object.values(step.lifecycle)) {
    if (state !== null && !KNOWN_STATES.has(state)) issues.push(`${label}: unknown lifecycle state "${state}"`);
  }
  return issues;
}

/**
 * Every problem with a built playbook; empty when it may run. `validate()` runs it when the playbooks load, so a
 * function with a bad playbook refuses to start; exported for tests of the rules.
 */
export function playbookIssues(playbook: Playbook): string[] {
  const { steps } = playbook;
  const issues: string[] = [];
  if (!/^[a-z][a-z0-9-]*$/.test(playbook.name)) issues.push('name must be kebab-case');
  if (playbook.condition.trim() === '') issues.push('condition must not be empty');
  if (steps.length === 0) return [...issues, 'it has no steps'];
  const seen = new Set<string>();
  steps.forEach((step, i) => {
    const label = `step ${i + 1} (${step.kind})`;
    if (!KNOWN_KINDS.has(step.kind)) {
      issues.push(`${label}: unknown step kind; known: ${STEP_KINDS.join(', ')}`);
      return;
    }
    // Idempotency keys are `${taskId}:${step}:${attempt}`: a repeated kind would reuse a key.
    if (seen.has(step.kind)) issues.push(`${label}: ${step.kind} appears twice`);
    seen.add(step.kind);
    if (step.kind === 'page' && i !== steps.length - 1) issues.push(`${label}: page must be the last step`);
    if (step.kind !== 'page') issues.push(...actionStepIssues(step, label));
  });
  if (steps.at(-1)?.kind !== 'page') issues.push('no escalation: the last step must be page');
  return issues;
}

function parseOptions<O>(schema: z.ZodType<O>, raw: unknown): { options: O } | { issues: string[] } {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return { options: parsed.data };
  return { issues: parsed.error.issues.map((i) => `option ${i.path.join('.') || '(root)'}: ${i.message}`) };
}

/**
 * Declares a playbook. The returned definition hides the option type so that the registry can hold
 * playbooks with different options side by side.
 *
 * @example
 *   export const diskFull = definePlaybook({ name: 'disk-full', condition: 'disk-full', ..., steps: (o) => [...] });
 */
export function definePlaybook<O extends Record<string, unknown>>(spec: PlaybookSpec<O>): PlaybookDefinition {
  const what = `playbook "${spec.name}"`;
  return {
    name: spec.name,
    condition: spec.condition,
    description: spec.description,
    validate(raw?: unknown): Playbook {
      const parsed = parseOptions(spec.options, raw);
      if ('issues' in parsed) throw new ValidationError(what, parsed.issues);
      const { name, condition, description } = spec;
      const { options } = parsed;
      const playbook: Playbook = { name, condition, description, options, steps: spec.steps(options) };
      const issues = playbookIssues(playbook);
      if (issues.length > 0) throw new ValidationError(what, issues);
      return playbook;
    },
  };
}
