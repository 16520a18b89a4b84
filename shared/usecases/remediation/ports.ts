/**
 * Remediation's ports: what the planner's and the worker's use cases (shared/usecases/remediation/) call on the
 * outside besides the ledger's, in domain types. The DynamoDB adapters implement them (TaskStore, LeaseStore,
 * FreezeStore, IncidentStore, OutcomeStore, EscalationStore, SignalStore, ClusterQueries); the remediation queue
 * is wired in shared/runtime/remediation-deps.ts, the fleet provider is the domain's `FleetProvider`.
 */
import type { Actor, Instance } from '../../domain/instance.ts';
import type { RemediationTask } from '../../domain/playbooks/task.ts';
import type { DryRunEnded } from '../../domain/remediation/after-dry-run.ts';
import type { AgendaEntry } from '../../domain/remediation/agenda.ts';
import type { Continuation } from '../../domain/remediation/continuation.ts';
import type { InstanceEscalation } from '../../domain/remediation/escalation.ts';
import type { ScopeLimits } from '../../domain/remediation/fleet-size.ts';
import type { OutcomeSample } from '../../domain/safety/breaker.ts';
import type { ScopeCounts } from '../../domain/safety/budget.ts';
import type { Freeze } from '../../domain/safety/freeze.ts';
import type { Incident } from '../../domain/safety/incident.ts';
import type { FailureSignal } from '../../domain/safety/mass-event.ts';

export type Placement = Pick<Instance, 'service' | 'zone' | 'region'>;

/** A remediation task as stored: the domain task plus what is kept beside it. */
export interface StoredTask {
  task: RemediationTask;
  /** Where the instance is, so that budgets, events and listings need not read it. */
  placement: Placement;
  /** Present while the task holds a blast-radius budget slot (one instance under remediation). */
  budget?: { service: string; zone: string };
  /** `obsolete`: the condition cleared before anything was done, so the task ended without acting. */
  resolution?: 'obsolete';
  /** The task's continuation chain (see continuation.ts): which delivery may run it next. */
  continuation?: Continuation;
}

export interface SaveRequest {
  /** The task as read; the write is conditional on its version. */
  previous: StoredTask;
  next: StoredTask;
  /** The task's agenda entry from now on; undefined once it has ended. */
  agenda: AgendaEntry | undefined;
  /** Required when `next` starts holding a budget slot: the counters may not pass these. */
  limits?: ScopeLimits;
  /** The run's lease: the write happens only while this run still holds it. */
  lease?: { instanceId: string; token: string };
  /** `next` ended by dry run: note it, so that its condition is planned afresh once dry run is off. */
  dryRunEnded?: DryRunEnded;
}

export type SaveOutcome = 'saved' | 'budget-exhausted';

/**
 * Remediation tasks, their agenda and the in-flight counters. A save is all or nothing, conditional on the version
 * read (`TaskChangedError`) and on the run's lease (`LeaseLostError`); a budget slot is taken within its limits or
 * the save is `'budget-exhausted'`.
 */
export interface TaskStorePort {
  find(taskId: string): Promise<StoredTask | undefined>;
  /** Ids without a task are left out. */
  findMany(taskIds: readonly string[]): Promise<StoredTask[]>;
  agenda(): Promise<AgendaEntry[]>;
  dryRunEnded(): Promise<DryRunEnded[]>;
  /** Ids of the tasks created in the last `days` days (today included), newest first. */
  recentIds(now: Date, days?: number): Promise<string[]>;
  /** Ids of an instance's tasks, newest first. */
  instanceTaskIds(instanceId: string, limit?: number): Promise<string[]>;
  create(stored: StoredTask, agenda: AgendaEntry): Promise<'created' | 'duplicate'>;
  save(request: SaveRequest): Promise<SaveOutcome>;
  forgetDryRunEnded(taskId: string): Promise<void>;
  markSent(taskIds: readonly string[], at: string): Promise<void>;
  inFlight(service: string, zone: string): Promise<{ fleet: number; service: number; zone: number }>;
  allInFlight(): Promise<ScopeCounts>;
}

export type LeaseOutcome =
  | { kind: 'acquired' }
  /** Another run of the same task holds it: this delivery is a duplicate. */
  | { kind: 'running'; until: number }
  /** Another task owns the instance until `until` (epoch ms). */
  | { kind: 'owned'; owner: string; until: number };

/** One run at a time per instance. */
export interface LeasePort {
  acquire(instanceId: string, taskId: string, token: string, nowMs: number, runMs: number): Promise<LeaseOutcome>;
  release(instanceId: string, token: string, keepUntilMs?: number): Promise<void>;
}

/** A freeze as kept: lifted early by an engineer, or not. */
export interface FreezeRecord extends Freeze {
  liftedAt?: string;
  liftedBy?: Actor;
  liftReason?: string;
}

export interface FreezePort {
  /** @throws ValidationError when a freeze with this id exists already. */
  put(freeze: Freeze): Promise<void>;
  lift(id: string, actor: Actor, reason: string, at: string): Promise<FreezeRecord>;
  /** Every freeze kept (in force, lifted or expired), newest first. */
  list(): Promise<FreezeRecord[]>;
}

/** An incident as kept, with whether its page went out (and since when a run has been sending it). */
export interface IncidentRecord extends Incident {
  paged: boolean;
  pagingAt?: string;
}

export interface IncidentPort {
  /** `exists`: its scope already has a live incident (or this one was opened by a concurrent detection). */
  open(incident: Incident): Promise<'opened' | 'exists'>;
  claimPage(id: string, at: string, staleBefore: string): Promise<boolean>;
  markPaged(id: string): Promise<void>;
  save(incident: Incident): Promise<void>;
  /** Every incident kept, newest first. */
  list(): Promise<IncidentRecord[]>;
}

/** Playbook outcomes for the breakers, and the pages they sent. */
export interface OutcomePort {
  record(playbook: string, samples: readonly (OutcomeSample & { ref: string })[]): Promise<void>;
  since(playbook: string, since: string): Promise<OutcomeSample[]>;
  pageSent(key: string): Promise<boolean>;
  markPageSent(key: string, at: string): Promise<void>;
}

export interface EscalationPort {
  get(instanceId: string): Promise<InstanceEscalation | undefined>;
  /** Writes `next` if the stored escalation is still `previous`; `changed` otherwise. */
  save(next: InstanceEscalation, previous: InstanceEscalation | undefined): Promise<'saved' | 'changed'>;
}

/** Failures across the fleet, by minute, for mass-event detection. */
export interface SignalPort {
  put(signal: FailureSignal): Promise<void>;
  between(since: Date, until: Date): Promise<FailureSignal[]>;
}

export interface ClusterPort {
  members(cluster: string): Promise<Instance[]>;
}

export interface TaskMessage {
  taskId: string;
  delaySeconds?: number;
  /** The continuation token, when the message continues the task's chain (see continuation.ts). */
  continuation?: string;
}

/** Sends tasks to the remediation workers (one message per task; the task itself is in the table). */
export interface TaskQueue {
  send(messages: readonly TaskMessage[]): Promise<void>;
}
