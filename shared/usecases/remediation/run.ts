/**
 * One worker run on one task: the latest stored task, and how it is saved. Saving a task also keeps its agenda
 * entry and its budget slot right: an ended, held or waiting task gives its slot back and an ended one leaves
 * the agenda; every write is conditional on the task's version and on this run still holding the lease.
 */
import type { RemediationFacts } from '../../domain/events.ts';
import { TERMINAL_STATUSES, type RemediationTask } from '../../domain/playbooks/task.ts';
import { after, type AgendaEntry, type AgendaReason, type HoldRef } from '../../domain/remediation/agenda.ts';
import type { DryRunEnded } from '../../domain/remediation/after-dry-run.ts';
import type { Continuation } from '../../domain/remediation/continuation.ts';
import type { ScopeLimits } from '../../domain/remediation/fleet-size.ts';
import { attemptsEnded } from '../../domain/remediation/task-view.ts';
import type { WorkerDeps } from './deps.ts';
import type { SaveOutcome, StoredTask } from './ports.ts';

export interface RunOptions {
  /** Names this run; the instance's lease is held under it. */
  token: string;
  /** How long this run may hold the instance: the function's remaining time. */
  leaseMs: number;
  /** Real time (epoch ms) after which the run starts no new step and continues in a new message. */
  stopStartingAt: number;
  /** The queue will not deliver this message again: a transient provider failure then fails the attempt. */
  finalDelivery: boolean;
  /** The continuation token the message carried; undefined for a nudge. */
  continuation?: string;
}

export type Next = { kind: 'continue'; delaySeconds: number } | { kind: 'parked' } | { kind: 'ended' };

export const SYSTEM_ACTOR = { kind: 'system', id: 'remediation' } as const;

export class TaskRun {
  constructor(
    readonly deps: WorkerDeps,
    public stored: StoredTask,
    readonly options: RunOptions,
  ) {}

  get task(): RemediationTask {
    return this.stored.task;
  }

  facts(now: Date): RemediationFacts {
    const { task, placement } = this.stored;
    return {
      taskId: task.id,
      instanceId: task.instanceId,
      ...placement,
      condition: task.condition,
      playbook: task.playbook,
      at: now.toISOString(),
    };
  }

  /** An agenda entry for this task. */
  entry(reason: AgendaReason, dueAt: string, hold?: HoldRef): AgendaEntry {
    return { taskId: this.task.id, instanceId: this.task.instanceId, reason, dueAt, ...(hold ? { hold } : {}) };
  }

  /** Due back when the lease would have run out: a run that dies mid-step is picked up by the tick then. */
  running(now: Date): AgendaEntry {
    return this.entry('running', after(now, this.options.leaseMs / 1000 + this.deps.settings.timings.graceSeconds));
  }

  /**
   * The token of the continuation this run issued (it saved a `verifying` entry and will send a delayed
   * message), or undefined when the run ends without one.
   */
  get issuedContinuation(): string | undefined {
    const { continuation } = this.stored;
    return continuation?.dueAt !== undefined && continuation.token === this.options.token ? continuation.token : undefined;
  }

  /**
   * A `verifying` entry means this run hands the task on in a delayed message: its token goes with the save.
   * Any other save means no continuation is on its way, but the last token stays current, so a retry of the
   * message this run came from still runs.
   */
  private continuationFor(agenda: AgendaEntry | undefined): Continuation | undefined {
    if (agenda?.reason === 'verifying') return { token: this.options.token, dueAt: agenda.dueAt };
    const token = this.stored.continuation?.token;
    return token === undefined ? undefined : { token };
  }

  /**
   * Saves `next`. With `limits`, the task starts holding a budget slot (`budget-exhausted` when a scope is full).
   * Ended, held and waiting tasks give their slot back; ended ones leave the agenda.
   */
  async save(
    next: RemediationTask,
    agenda: AgendaEntry | undefined,
    change: { limits?: ScopeLimits; resolution?: 'obsolete'; dryRunEnded?: DryRunEnded } = {},
  ): Promise<SaveOutcome> {
    const previous = this.stored;
    const ended = TERMINAL_STATUSES.has(next.status);
    const stored: StoredTask = { ...previous, task: next };
    if (change.limits !== undefined) stored.budget = { service: previous.placement.service, zone: previous.placement.zone };
    if (ended || next.blocked !== undefined) delete stored.budget;
    if (change.resolution !== undefined) stored.resolution = change.resolution;
    const continuation = this.continuationFor(agenda);
    if (continuation === undefined) delete stored.continuation;
    else stored.continuation = continuation;
    const request = {
      previous,
      next: stored,
      agenda: ended ? undefined : agenda,
      lease: { instanceId: next.instanceId, token: this.options.token },
      ...(change.limits === undefined ? {} : { limits: change.limits }),
      ...(change.dryRunEnded === undefined ? {} : { dryRunEnded: change.dryRunEnded }),
    };
    const outcome = await this.deps.tasks.save(request);
    if (outcome === 'saved') {
      this.stored = stored;
      await this.deps.outcomes.record(next.playbook, attemptsEnded(previous.task, next));
    }
    return outcome;
  }
}
