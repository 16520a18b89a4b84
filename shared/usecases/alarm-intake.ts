/**
 * Alarm intake: each CloudWatch alarm state change, whichever shape delivered it, is mapped to instances and a
 * condition (shared/domain/alarms), then recorded. Everything is keyed by the state change's `occurrenceId`, so
 * a redelivery, or the same change arriving through EventBridge and SNS, changes nothing twice.
 */
import { mapAlarm, type AlarmAction, type AlarmState, type AlarmStateChange } from '../domain/alarms/index.ts';
import type { Instance } from '../domain/instance.ts';
import { applyAlarmToInstance, type AlarmEffect } from './alarm-effects.ts';
import type { AlarmIntakeDeps } from './alarms/deps.ts';

export interface AlarmIntakeResult {
  alarmName: string;
  state: AlarmState;
  occurrenceId: string;
  /** The registered instances the alarm maps to. */
  instanceIds: string[];
  condition: string;
  action: AlarmAction;
  /** True when the alarm named no registered instance: recorded as unmatched, not retried. */
  unmatched: boolean;
  /** Ids the alarm named that are not registered. */
  unknownIds: string[];
  /** What happened on each instance. */
  effects: Record<string, AlarmEffect>;
  /** Instances a `down` ALARM moved to unavailable (now or on the first delivery of this occurrence). */
  movedToUnavailable: string[];
}

/** Records each state change in order; a transient failure throws, so the whole delivery is retried. */
export async function recordAlarmChanges(deps: AlarmIntakeDeps, changes: readonly AlarmStateChange[]): Promise<AlarmIntakeResult[]> {
  const results: AlarmIntakeResult[] = [];
  for (const change of changes) results.push(await recordAlarmChange(deps, change));
  return results;
}

export async function recordAlarmChange(deps: AlarmIntakeDeps, change: AlarmStateChange): Promise<AlarmIntakeResult> {
  const tags = deps.alarmTags === undefined ? undefined : await deps.alarmTags(change.alarmArn);
  const mapping = mapAlarm(change, deps.mapping, tags);
  const instances = await registeredOf(deps, mapping.candidateInstanceIds);
  const result: AlarmIntakeResult = {
    alarmName: change.alarmName,
    state: change.state,
    occurrenceId: change.occurrenceId,
    instanceIds: instances.map((i) => i.id),
    condition: mapping.condition,
    action: mapping.action,
    unmatched: instances.length === 0,
    unknownIds: mapping.candidateInstanceIds.filter((id) => !instances.some((i) => i.id === id)),
    effects: {},
    movedToUnavailable: [],
  };
  if (result.unmatched) {
    const { alarmArn, alarmName, state, at, occurrenceId } = change;
    const recordedAt = deps.clock();
    await deps.alarmLog.recordUnmatched(
      { alarmArn, alarmName, state, at, occurrenceId, candidates: result.unknownIds, condition: mapping.condition, recordedAt: recordedAt.toISOString() },
      recordedAt,
    );
    return result;
  }
  for (const instance of instances) {
    const applied = await applyAlarmToInstance(deps, instance, change, mapping);
    result.effects[instance.id] = applied.effect;
    if (applied.movedToUnavailable) result.movedToUnavailable.push(instance.id);
  }
  return result;
}

async function registeredOf(deps: AlarmIntakeDeps, ids: readonly string[]): Promise<Instance[]> {
  const found = await Promise.all(ids.map((id) => deps.store.find(id)));
  return found.filter((instance): instance is Instance => instance !== undefined);
}
