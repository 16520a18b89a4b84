import * as z from 'zod';
import { ValidationError } from '../errors.ts';
import type { Instance, LifecycleState, RoleKind } from '../instance.ts';
import type { Advisory } from './advisories.ts';
import type { CheckFamily, Finding } from './finding.ts';
import type { PlanCatalog } from './plans.ts';
import { zodIssues } from './zod-issues.ts';

/** What a cluster's other members look like to a check (zone spread needs the primary's zone). */
export interface ClusterMember {
  id: string;
  role: RoleKind;
  zone: string;
  state: LifecycleState;
}

/** Everything beyond the instance itself that checks read. Built once per audit segment by the caller. */
export interface AuditContext {
  plans: PlanCatalog;
  /** Advisories to check images against; ones dated after `now` are ignored. */
  advisories: readonly Advisory[];
  /** Members of each cluster by cluster id. A cluster missing here is reported, not guessed. */
  clusters: ReadonlyMap<string, readonly ClusterMember[]>;
}

/** A check with its options resolved: what `loadChecks` returns and `auditInstance` runs. */
export interface AuditCheck {
  readonly name: string;
  readonly family: CheckFamily;
  /** Plain words for someone who is not an engineer, e.g. "Backups are recent". */
  readonly title: string;
  readonly description: string;
  readonly options: Readonly<Record<string, unknown>>;
  evaluate(instance: Instance, ctx: AuditContext, now: Date): Finding[];
}

/** A registered check: its options schema (with defaults) and a pure evaluation. One file per family. */
export interface CheckDefinition {
  readonly name: string;
  readonly family: CheckFamily;
  readonly title: string;
  readonly description: string;
  readonly options: z.ZodType;
  /** Validates `rawOptions` against the schema and binds them. @throws ValidationError naming check and option. */
  load(rawOptions?: unknown): AuditCheck;
}

export interface CheckSpec<S extends z.ZodObject> {
  name: string;
  family: CheckFamily;
  title: string;
  description: string;
  /** A strict object schema whose every field has a default, so `{}` is valid. */
  options: S;
  evaluate(instance: Instance, ctx: AuditContext, now: Date, options: z.output<S>): Finding[];
}

/** Declares a check; keeps its options type tied to its schema without leaking it to the registry. */
export function defineCheck<S extends z.ZodObject>(spec: CheckSpec<S>): CheckDefinition {
  const { evaluate, ...about } = spec;
  return {
    ...about,
    load(rawOptions: unknown = {}): AuditCheck {
      const parsed = spec.options.safeParse(rawOptions);
      if (!parsed.success) {
        throw new ValidationError(`options for check ${spec.name}`, zodIssues(parsed.error), { cause: parsed.error });
      }
      const options = parsed.data;
      return { ...about, options, evaluate: (instance, ctx, now) => evaluate(instance, ctx, now, options) };
    },
  };
}
