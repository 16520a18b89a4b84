import { FLEET_ACTIONS } from '../fleet.ts';
import type { FleetAction, FleetActionKind } from '../fleet.ts';
import type { ConditionName, ImageRef, Instance, LifecycleState, RoleKind } from '../instance.ts';

/** Every kind of step a playbook may take: the fleet actions, plus `page` (hand over to a human). */
export const STEP_KINDS = [...FLEET_ACTIONS, 'page'] as const;
export type StepKind = FleetActionKind | 'page';

/**
 * What a probe taken after acting must show. Flags must equal a value, percentages and lag must be
 * below a limit, and timestamps must be later than the moment the provider accepted the action.
 */
export type HealthRequirement =
  | { field: 'reachable' | 'healthy' | 'tlsEnforced'; equals: boolean }
  | { field: 'role'; equals: RoleKind }
  | { field: 'diskPct' | 'connectionsPct' | 'replicationLagSeconds'; below: number }
  | { field: 'lastBackupAt' | 'credentialsRotatedAt'; after: 'acted' };

/** The answer of a precondition: go ahead, or a reason fit for `warden tasks` and a page. */
export type Check = { ok: true } | { ok: false; reason: string };

/** What remediation needs to know about another member of the instance's cluster. */
export type Peer = Pick<Instance, 'id' | 'role' | 'state' | 'zone' | 'replication'>;

/** The world as the worker read it just before deciding. Built by the caller; never fetched here. */
export interface RemediationContext {
  instance: Instance;
  /** The other members of the instance's cluster (empty for a standalone instance). */
  peers: readonly Peer[];
  /** The image new instances of this service are built from today; unknown means `replace` cannot run. */
  currentImage?: ImageRef;
}

/** What a precondition sees: the context, the time of the decision and the steps this task already verified. */
export interface StepContext extends RemediationContext {
  now: Date;
  verifiedSteps: readonly StepKind[];
}

export interface Precondition {
  /** Short kebab-case name that identifies the check to readers and tests (its `reason` is what tasks record). */
  name: string;
  check(context: StepContext): Check;
}

/** How a step proves it worked: a probe of `target` must meet every requirement before the deadline. */
export interface VerifySpec {
  /** `successor`: the instance that took over (the promoted replica, the replacement). */
  target: 'instance' | 'successor';
  require: readonly HealthRequirement[];
  withinSeconds: number;
}

/**
 * The lifecycle states of the remediated instance around one step. `null` means "leave it as it is".
 * `replace` enters nothing while the successor is built, then the old instance goes `retiring` once the
 * successor is verified (the drain moves it on to `retired`).
 */
export interface StepLifecycle {
  during: LifecycleState | null;
  verified: LifecycleState | null;
  failed: LifecycleState | null;
}

export interface ActionStep {
  kind: FleetActionKind;
  description: string;
  preconditions: readonly Precondition[];
  maxAttempts: number;
  verify: VerifySpec;
  lifecycle: StepLifecycle;
  /** When every attempt failed: try the next step, or page now (the state is too uncertain to go on). */
  onExhausted: 'next' | 'escalate';
  /** When verified: the task is done, or the next step still has work (e.g. replace a fenced primary). */
  onVerified: 'succeed' | 'next';
  /** Parameters for the provider, computed from the context (e.g. which replica to promote). */
  params?: (context: StepContext) => FleetAction['params'];
}

export type PageSeverity = 'critical' | 'warning';

/** The last step of every playbook: a human takes over, told what was tried. */
export interface PageStep {
  kind: 'page';
  description: string;
  severity: PageSeverity;
}

export type Step = ActionStep | PageStep;

/** A playbook ready to run: options parsed (defaults filled in) and steps built from them. */
export interface Playbook {
  name: string;
  condition: ConditionName;
  description: string;
  options: Readonly<Record<string, unknown>>;
  steps: readonly Step[];
}
