/**
 * One alarm state change on one registered instance. ALARM raises the condition with its evidence (and, for
 * `down`, moves a serving instance to unavailable); OK clears the condition if this alarm raised it;
 * INSUFFICIENT_DATA, and an ALARM whose actions CloudWatch suppressed, are only recorded as observations.
 */
import type { AlarmMapping, AlarmStateChange } from '../domain/alarms/index.ts';
import { StaleVersionError } from '../domain/errors.ts';
import { LEAVING_SERVICE } from '../domain/lifecycle.ts';
import type { Actor, Instance, LifecycleState } from '../domain/instance.ts';
import type { AlarmIntakeDeps } from './alarms/deps.ts';
import { clearCondition, raiseCondition } from './conditions.ts';
import { changeState, type ChangeResult } from './ledger.ts';

export type AlarmEffect =
  | 'raised'
  | 'already-raised'
  | 'cleared'
  | 'not-raised'
  | 'observed'
  /** A newer state of the same alarm was already recorded: this delivery arrived out of order. */
  | 'late'
  /** Leaving or out of service: no condition is raised on it. */
  | 'out-of-service';

export interface AppliedAlarm {
  effect: AlarmEffect;
  movedToUnavailable: boolean;
}

/** A `down` alarm confirms an outage only for an instance believed to serve; others are mid-operation or not yet up. */
const SERVING: ReadonlySet<LifecycleState> = new Set(['available', 'uncertain']);
const STALE_RETRIES = 3;

export async function applyAlarmToInstance(
  deps: AlarmIntakeDeps,
  instance: Instance,
  change: AlarmStateChange,
  mapping: AlarmMapping,
): Promise<AppliedAlarm> {
  const seen = await deps.alarmLog.observe(instance.id, change, deps.clock(), mapping.suppressedBy);
  const only = (effect: AlarmEffect): AppliedAlarm => ({ effect, movedToUnavailable: false });
  if (seen === 'late') return only('late');
  if (mapping.action === 'observe') return only('observed');
  if (mapping.action === 'clear') {
    return only(await clearCondition(deps, instance, mapping.condition, `alarm:${change.alarmName}`, change.alarmArn));
  }
  // Conditions on these would start remedies on instances that no longer serve anyone.
  if (LEAVING_SERVICE.has(instance.state)) return only('out-of-service');
  const raised = await raiseCondition(deps, instance, mapping.condition, { raisedAt: change.at, source: change.alarmArn, evidence: change.reason });
  const moved = mapping.condition === 'down' ? await markUnavailable(deps, instance.id, change) : false;
  return { effect: raised, movedToUnavailable: moved };
}

async function markUnavailable(deps: AlarmIntakeDeps, instanceId: string, change: AlarmStateChange): Promise<boolean> {
  const actor: Actor = { kind: 'alarm', id: change.alarmName };
  const reason = `alarm ${change.alarmName} is in ALARM: ${change.reason}`.slice(0, 500);
  const result = await retryStale(() =>
    changeState(deps, instanceId, { kind: 'alarm', id: change.occurrenceId }, (current) =>
      SERVING.has(current.state) ? { to: 'unavailable', reason, actor } : undefined,
    ),
  );
  return result.outcome !== 'unchanged';
}

/** A transition racing another (the sweeper, a heartbeat) re-reads and decides again, a few times. */
async function retryStale(attempt: () => Promise<ChangeResult>): Promise<ChangeResult> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof StaleVersionError) || tries >= STALE_RETRIES) throw error;
    }
  }
}
