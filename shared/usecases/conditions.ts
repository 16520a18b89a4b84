/**
 * Raising and clearing conditions, with their events. Raising twice records once; the event is published
 * again on a repeat (with the same dedupeKey) because the first attempt may have died before publishing.
 */
import { conditionCleared, conditionRaised } from '../domain/events.ts';
import type { ConditionRecord, Instance } from '../domain/instance.ts';
import type { LedgerDeps } from './ledger.ts';
import type { ConditionStorePort } from './ledger/ports.ts';

export interface ConditionDeps extends LedgerDeps {
  conditions: ConditionStorePort;
}

type Placed = Pick<Instance, 'id' | 'service' | 'zone' | 'region'>;

export async function raiseCondition(
  deps: ConditionDeps,
  instance: Placed,
  condition: string,
  record: ConditionRecord,
): Promise<'raised' | 'already-raised'> {
  const out = await deps.conditions.raise(instance.id, condition, record);
  await deps.events.publish([conditionRaised(instance, condition, out.record)]);
  return out.outcome;
}

/** Clears a condition; with `onlyFromSource`, only if that source raised it. */
export async function clearCondition(
  deps: ConditionDeps,
  instance: Placed,
  condition: string,
  by: string,
  onlyFromSource?: string,
): Promise<'cleared' | 'not-raised'> {
  const out = await deps.conditions.clear(instance.id, condition, onlyFromSource);
  if (out.outcome === 'cleared') {
    await deps.events.publish([conditionCleared(instance, condition, out.record, deps.clock().toISOString(), by)]);
  }
  return out.outcome;
}
