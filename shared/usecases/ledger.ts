/**
 * The ledger's use cases: every other part changes an instance's state through these. They read, let the
 * pure domain decide, write conditionally, and publish what happened. A cause already recorded is not
 * applied again, but its event is published again (the first attempt may have died before publishing).
 */
import { instanceStateChanged } from '../domain/events.ts';
import { causeKey, type Actor, type Cause, type HistoryEntry, type Instance, type LifecycleState } from '../domain/instance.ts';
import { HEARTBEATING_STATES, register, transition, type NewInstance } from '../domain/lifecycle.ts';
import type { Clock, EventPublisher, InstanceStorePort, MembershipPort } from './ledger/ports.ts';

export interface LedgerDeps {
  store: InstanceStorePort;
  liveness: MembershipPort;
  events: EventPublisher;
  clock: Clock;
}

export interface Decision {
  to: LifecycleState;
  reason: string;
  actor: Actor;
  breakGlass?: { ticket: string };
}

export type ChangeResult =
  | { outcome: 'applied'; instance: Instance; entry: HistoryEntry }
  | { outcome: 'duplicate'; instance: Instance; entry?: HistoryEntry }
  | { outcome: 'unchanged'; instance: Instance };

/**
 * Reads the instance, asks `decide` what to do given its current state, and writes that transition.
 * `decide` returning undefined means "nothing to do" (e.g. the sweeper finds the instance already moved on).
 */
export async function changeState(
  deps: LedgerDeps,
  instanceId: string,
  cause: Cause,
  decide: (instance: Instance) => Decision | undefined,
): Promise<ChangeResult> {
  const loaded = await deps.store.loadForChange(instanceId, causeKey(cause));
  if (loaded.recordedVersion !== undefined) return republish(deps, loaded.instance, loaded.recordedVersion);
  const decision = decide(loaded.instance);
  if (decision === undefined) return { outcome: 'unchanged', instance: loaded.instance };
  const next = transition(loaded.instance, decision.to, { ...decision, cause }, deps.clock());
  const written = await deps.store.applyTransition(loaded.instance, next);
  if (written === 'duplicate') {
    // A concurrent delivery of the same cause won the race; report what it recorded.
    const again = await deps.store.loadForChange(instanceId, causeKey(cause));
    return republish(deps, again.instance, again.recordedVersion);
  }
  await afterTransition(deps, next.instance, next.entry);
  return { outcome: 'applied', instance: next.instance, entry: next.entry };
}

/**
 * What follows every recorded transition, also when a redelivery finds it already recorded (the first attempt
 * may have died before this ran): the event, and, for an instance that starts being expected to heartbeat, its
 * cell's membership is re-checked at the next report so that its silence would be noticed.
 */
async function afterTransition(deps: LedgerDeps, instance: Instance, entry: HistoryEntry): Promise<void> {
  const joins = (entry.from === null || !HEARTBEATING_STATES.has(entry.from)) && HEARTBEATING_STATES.has(entry.to);
  if (joins) await deps.liveness.expectMember(instance.cellId, entry.at, instance);
  await deps.events.publish([instanceStateChanged(instance, entry)]);
}

/** A transition to a fixed state; illegal ones throw IllegalTransitionError and write nothing. */
export function recordTransition(
  deps: LedgerDeps,
  instanceId: string,
  to: LifecycleState,
  change: { actor: Actor; reason: string; cause: Cause; breakGlass?: { ticket: string } },
): Promise<ChangeResult> {
  const { actor, reason, breakGlass } = change;
  return changeState(deps, instanceId, change.cause, () => ({ to, reason, actor, ...(breakGlass === undefined ? {} : { breakGlass }) }));
}

export async function registerInstance(
  deps: LedgerDeps,
  spec: NewInstance,
  change: { actor: Actor; reason: string; cause: Cause },
): Promise<ChangeResult> {
  const registered = register(spec, change, deps.clock());
  const written = await deps.store.register(registered);
  // A redelivery finds the registration recorded; the first delivery may have died before announcing it.
  if (written === 'duplicate') return republish(deps, await deps.store.get(spec.id), registered.entry.version);
  await deps.events.publish([instanceStateChanged(registered.instance, registered.entry)]);
  return { outcome: 'applied', ...registered };
}

async function republish(deps: LedgerDeps, instance: Instance, version: number | undefined): Promise<ChangeResult> {
  const entry = version === undefined ? undefined : await deps.store.historyEntry(instance.id, version);
  if (entry === undefined) return { outcome: 'duplicate', instance };
  await afterTransition(deps, instance, entry);
  return { outcome: 'duplicate', instance, entry };
}
