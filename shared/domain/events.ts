/**
 * Domain events Fleetwarden publishes on the fleet's EventBridge bus (schemas in docs/EVENTS.md).
 * Names are in the past tense. `dedupeKey` lets consumers drop the redeliveries that at-least-once implies.
 */
import type { ConditionRecord, HistoryEntry, Instance } from './instance.ts';

export const EVENT_SOURCE = 'fleetwarden';

export interface DomainEvent {
  type: string;
  /** Identical for every redelivery of the same fact. */
  dedupeKey: string;
  detail: Record<string, unknown>;
}

export function instanceStateChanged(instance: Pick<Instance, 'id' | 'service' | 'zone' | 'region'>, entry: HistoryEntry): DomainEvent {
  return {
    type: 'InstanceStateChanged',
    dedupeKey: `${entry.instanceId}#${entry.version}`,
    detail: {
      instanceId: entry.instanceId,
      service: instance.service,
      region: instance.region,
      zone: instance.zone,
      from: entry.from,
      to: entry.to,
      version: entry.version,
      at: entry.at,
      actor: entry.actor,
      reason: entry.reason,
      cause: entry.cause,
    },
  };
}

type Placed = Pick<Instance, 'id' | 'service' | 'zone' | 'region'>;

/** A condition was raised on an instance; remediation plans from this. */
export function conditionRaised(instance: Placed, condition: string, record: ConditionRecord): DomainEvent {
  return {
    type: 'ConditionRaised',
    dedupeKey: `${instance.id}#${condition}#${record.raisedAt}`,
    detail: { instanceId: instance.id, service: instance.service, region: instance.region, zone: instance.zone, condition, ...record },
  };
}

export function conditionCleared(instance: Placed, condition: string, record: ConditionRecord, clearedAt: string, by: string): DomainEvent {
  return {
    type: 'ConditionCleared',
    dedupeKey: `${instance.id}#${condition}#${record.raisedAt}#cleared`,
    detail: { instanceId: instance.id, service: instance.service, region: instance.region, zone: instance.zone, condition, raisedAt: record.raisedAt, source: record.source, clearedAt, clearedBy: by },
  };
}
