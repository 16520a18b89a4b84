import { IllegalTransitionError, ValidationError } from './errors.ts';
import type { Actor, Cause, HistoryEntry, Instance, LifecycleState } from './instance.ts';

/**
 * The legal transitions, each with the one line of reasoning that justifies it (docs/LIFECYCLE.md
 * renders this table). Anything not listed is illegal. `terminated` has no way out; nothing goes back
 * to service from `retired` or `archived`: immutable infrastructure replaces, it does not resurrect.
 */
export const TRANSITIONS: Readonly<Record<LifecycleState, Readonly<Partial<Record<LifecycleState, string>>>>> = {
  installing: {
    available: 'the fleet reports the new instance ready',
    unavailable: 'installation failed or never became healthy; remediation replaces it',
    terminated: 'installation abandoned before it ever served',
  },
  available: {
    uncertain: 'heartbeats stopped: we no longer know its health',
    unavailable: 'an alarm or a check confirms it is down',
    restart: 'a restart began (remediation or an engineer)',
    upgrading: 'an in-place operation began (storage growth, TLS, credentials, image roll)',
    retiring: 'it is being taken out of service (replaced or deleted)',
  },
  uncertain: {
    available: 'heartbeats resumed',
    unavailable: 'silence lasted past the second threshold',
    restart: 'an engineer or remediation restarts it before it is confirmed down',
    retiring: 'it is replaced while its health is unknown',
  },
  unavailable: {
    available: 'it is verified healthy again (remediation verified, or heartbeats resumed)',
    restart: 'remediation restarts it',
    upgrading: 'remediation acts on it in place (grow storage, rebuild)',
    retiring: 'a replacement took over; the old instance leaves service',
  },
  restart: {
    available: 'the restart was verified: it heartbeats and answers health checks',
    unavailable: 'the restart did not bring it back',
  },
  upgrading: {
    available: 'the operation was verified',
    unavailable: 'the operation failed or could not be verified',
  },
  retiring: {
    retired: 'drained and stopped; it serves nothing',
  },
  retired: {
    archived: 'its data is kept for the retention period',
    terminated: 'its resources are deleted without an archive',
  },
  archived: {
    terminated: 'the retention period ended',
  },
  terminated: {},
};

/** States in which an instance is expected to heartbeat; silence in any other state means nothing. */
export const HEARTBEATING_STATES: ReadonlySet<LifecycleState> = new Set(['available', 'uncertain', 'unavailable']);

/** States of an instance on its way out (or gone): nothing remedies it any more. */
export const LEAVING_SERVICE: ReadonlySet<LifecycleState> = new Set(['retiring', 'retired', 'archived', 'terminated']);

export function isLegalTransition(from: LifecycleState, to: LifecycleState): boolean {
  return TRANSITIONS[from][to] !== undefined;
}

export interface ChangeRequest {
  actor: Actor;
  reason: string;
  cause: Cause;
  /** A forced transition an engineer made through break glass, under this ticket (docs/SECURITY.md). */
  breakGlass?: { ticket: string };
}

/**
 * Whether break glass may force `from -> to` when the table forbids it: anything but standing still and leaving
 * `terminated` (its data is gone; a new instance is registered instead).
 */
export function isForcible(from: LifecycleState, to: LifecycleState): boolean {
  return from !== to && from !== 'terminated';
}

export interface Transitioned {
  instance: Instance;
  entry: HistoryEntry;
}

function checkChange(change: ChangeRequest): void {
  const issues: string[] = [];
  if (change.reason.trim() === '') issues.push('reason must not be empty');
  if (change.actor.id.trim() === '') issues.push('actor id must not be empty');
  if (change.cause.kind.trim() === '' || change.cause.id.trim() === '') issues.push('cause needs a kind and an id');
  if (issues.length > 0) throw new ValidationError('change request', issues);
}

/**
 * Moves an instance to a new state. Pure: returns the new record (version + 1) and the history entry
 * that the store writes together, conditional on the version read.
 *
 * @example
 *   const { instance: next, entry } = transition(pg1, 'uncertain', { actor, reason: 'silent 95s', cause }, now);
 * @throws IllegalTransitionError when the table has no such edge (including staying in place).
 */
export function transition(instance: Instance, to: LifecycleState, change: ChangeRequest, now: Date): Transitioned {
  checkChange(change);
  const forced = change.breakGlass !== undefined && !isLegalTransition(instance.state, to);
  if (forced ? !isForcible(instance.state, to) : !isLegalTransition(instance.state, to)) {
    throw new IllegalTransitionError(instance.id, instance.state, to);
  }
  const at = now.toISOString();
  const next: Instance = { ...instance, state: to, version: instance.version + 1, stateSince: at };
  if (to === 'available') delete next.silentSince;
  const entry: HistoryEntry = {
    instanceId: instance.id,
    version: next.version,
    from: instance.state,
    to,
    at,
    actor: change.actor,
    reason: change.reason,
    cause: change.cause,
    ...(change.breakGlass === undefined ? {} : { breakGlass: change.breakGlass }),
  };
  return { instance: next, entry };
}

export type NewInstance = Omit<Instance, 'state' | 'version' | 'stateSince' | 'createdAt'>;

/** A newly registered instance starts in `installing` at version 1, with its first history entry. */
export function register(spec: NewInstance, change: ChangeRequest, now: Date): Transitioned {
  checkChange(change);
  const at = now.toISOString();
  const instance: Instance = { ...spec, state: 'installing', version: 1, stateSince: at, createdAt: at };
  const entry: HistoryEntry = {
    instanceId: spec.id,
    version: 1,
    from: null,
    to: 'installing',
    at,
    actor: change.actor,
    reason: change.reason,
    cause: change.cause,
  };
  return { instance, entry };
}
