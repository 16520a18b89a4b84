/** Conditions on instances in memory (dynamo/condition-store.ts): raised once, cleared once, never versioned. */
import { InstanceNotFoundError } from '../../domain/errors.ts';
import type { ConditionRecord } from '../../domain/instance.ts';
import type { ClearOutcome, ConditionStore, RaiseOutcome } from '../dynamo/condition-store.ts';
import { copyOf } from './copy.ts';
import type { PublicApi } from './public-api.ts';
import type { MemoryTables } from './tables.ts';

export class MemoryConditionStore implements PublicApi<ConditionStore> {
  constructor(private readonly db: MemoryTables) {}

  async raise(instanceId: string, condition: string, record: ConditionRecord): Promise<RaiseOutcome> {
    const instance = this.db.instances.get(instanceId);
    if (instance === undefined) throw new InstanceNotFoundError(instanceId);
    const conditions = (instance.conditions ??= {}) as Record<string, ConditionRecord>;
    const existing = conditions[condition];
    if (existing !== undefined) return { outcome: 'already-raised', record: asRaised(existing) };
    conditions[condition] = copyOf(record);
    return { outcome: 'raised', record };
  }

  async clear(instanceId: string, condition: string, onlyFromSource?: string): Promise<ClearOutcome> {
    const conditions = this.db.instances.get(instanceId)?.conditions as Record<string, ConditionRecord> | undefined;
    const existing = conditions?.[condition];
    if (conditions === undefined || existing === undefined) return { outcome: 'not-raised' };
    if (onlyFromSource && existing.source !== onlyFromSource) return { outcome: 'not-raised' };
    delete conditions[condition];
    return { outcome: 'cleared', record: existing };
  }
}

/** The fields the DynamoDB adapter reads back from the item a failed raise saw. */
function asRaised(existing: ConditionRecord): ConditionRecord {
  const record: ConditionRecord = { raisedAt: existing.raisedAt, source: existing.source };
  if (existing.evidence !== undefined) record.evidence = existing.evidence;
  if (existing.notBefore !== undefined) record.notBefore = existing.notBefore;
  if (existing.dryRun === true) record.dryRun = true;
  return record;
}
