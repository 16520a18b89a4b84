/**
 * The ledger's ports: what shared/usecases/ledger.ts, conditions.ts and provisioning.ts call on the outside, and
 * the reads of the ledger other features share (find, inventory, list), in domain types. The adapters implement
 * them (InstanceStore, ConditionStore, LivenessStore, InstanceQueries, EventBridgePublisher); other features'
 * deps extend them where their use cases change state through the ledger.
 */
import type { DomainEvent } from '../../domain/events.ts';
import type { ConditionRecord, HistoryEntry, Instance, LifecycleState, Service } from '../../domain/instance.ts';
import type { Transitioned } from '../../domain/lifecycle.ts';

export type { Clock } from '../../domain/clock.ts';

export type WriteOutcome = 'applied' | 'duplicate';

export interface LoadedForChange {
  instance: Instance;
  /** Set when this cause was already recorded: the change must not be made again. */
  recordedVersion?: number;
}

/**
 * Instances and their history. A write is all or nothing and conditional on the version read: a lost race is
 * `StaleVersionError`, a cause already recorded is `'duplicate'`, an unknown instance `InstanceNotFoundError`.
 */
export interface InstanceStorePort {
  register(registered: Transitioned): Promise<WriteOutcome>;
  applyTransition(before: Instance, next: Transitioned): Promise<WriteOutcome>;
  /** The instance, and the version that recorded `cause` if one did. */
  loadForChange(id: string, cause: string): Promise<LoadedForChange>;
  get(id: string): Promise<Instance>;
  historyEntry(id: string, version: number): Promise<HistoryEntry | undefined>;
}

/** One instance that may not be registered (alarms name ids the ledger may not know). */
export interface InstanceFinderPort {
  find(id: string): Promise<Instance | undefined>;
}

/** A cell is told to expect a member that starts heartbeating, so that its silence would be noticed. */
export interface MembershipPort {
  expectMember(cellId: string, at: string, member: { zone: string; service: Service }): Promise<void>;
}

/** Publishes domain events; a failure is transient, so the caller's delivery is retried. */
export interface EventPublisher {
  publish(events: DomainEvent[]): Promise<void>;
}

export type RaiseOutcome = { outcome: 'raised'; record: ConditionRecord } | { outcome: 'already-raised'; record: ConditionRecord };
export type ClearOutcome = { outcome: 'cleared'; record: ConditionRecord } | { outcome: 'not-raised' };

/** Conditions on instances: raised once, cleared once (with `onlyFromSource`, only by the source that raised it). */
export interface ConditionStorePort {
  raise(instanceId: string, condition: string, record: ConditionRecord): Promise<RaiseOutcome>;
  clear(instanceId: string, condition: string, onlyFromSource?: string): Promise<ClearOutcome>;
}

/** Instances per image, service and zone, from the ledger's counters. */
export interface InventoryRow {
  /** `name:version` */
  image: string;
  service: Service;
  zone: string;
  count: number;
}

export interface InventoryPort {
  inventory(): Promise<InventoryRow[]>;
}

export interface ListFilter {
  state?: LifecycleState;
  service?: Service;
  limit?: number;
}

export interface InstanceListPort {
  /** Instances by state or, without a state, every state in turn. */
  list(filter?: ListFilter): Promise<Instance[]>;
}
