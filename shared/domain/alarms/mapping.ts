import type { AlarmMappingConfig } from './mapping-config.ts';
import { compileMapping, conditionOf, instancesOf, type AlarmSubject, type CompiledMapping } from './mapping-rules.ts';
import { alarmNameFromArn } from './normalize.ts';
import type { AlarmMetric, AlarmState, AlarmStateChange } from './types.ts';

export type AlarmAction = 'raise' | 'clear' | 'observe';

export interface AlarmMapping {
  /** Only candidates: the caller keeps those that are registered and records the alarm as unmatched otherwise. */
  candidateInstanceIds: string[];
  condition: string;
  action: AlarmAction;
  /** Where the candidate ids came from. */
  via: 'dimension' | 'tag' | 'name' | 'triggering-alarm' | 'none';
  /** Where the condition came from; `default` means no rule knew the alarm. */
  conditionVia: 'name' | 'rule' | 'triggering-alarm' | 'default';
  /** Set when an ALARM is only observed because CloudWatch suppressed the alarm's actions. */
  suppressedBy?: string;
}

/** What the caller knows of a composite alarm's child (e.g. from DescribeAlarms and ListTagsForResource). */
export interface ChildAlarm {
  alarmName: string;
  metrics: AlarmMetric[];
  tags?: Record<string, string>;
}
export type ChildAlarmResolver = (alarmArn: string) => ChildAlarm | undefined;

export interface MapAlarmOptions {
  resolveChild?: ChildAlarmResolver;
}

const ACTIONS: Record<AlarmState, AlarmAction> = { ALARM: 'raise', OK: 'clear', INSUFFICIENT_DATA: 'observe' };

function actionOf(change: AlarmStateChange, config: AlarmMappingConfig): Pick<AlarmMapping, 'action' | 'suppressedBy'> {
  const by = change.actionsSuppressedBy;
  if (change.state === 'ALARM' && config.honourActionsSuppression && by !== undefined) {
    return { action: 'observe', suppressedBy: by };
  }
  return { action: ACTIONS[change.state] };
}

/** Children known only by ARN are read through the name convention alone. */
function childSubjects(change: AlarmStateChange, resolve: ChildAlarmResolver | undefined): AlarmSubject[] {
  return change.triggeringAlarms.map(
    (arn) => resolve?.(arn) ?? { alarmName: alarmNameFromArn(arn) ?? arn, metrics: [] },
  );
}

function throughChildren(children: AlarmSubject[], mapping: CompiledMapping): Pick<AlarmMapping, 'candidateInstanceIds' | 'via'> {
  const ids = [...new Set(children.flatMap((child) => instancesOf(child, mapping)?.ids ?? []))];
  return ids.length > 0 ? { candidateInstanceIds: ids, via: 'triggering-alarm' } : { candidateInstanceIds: [], via: 'none' };
}

function conditionThroughChildren(children: AlarmSubject[], mapping: CompiledMapping): string | undefined {
  for (const child of children) {
    const found = conditionOf(child, mapping);
    if (found !== undefined) return found.condition;
  }
  return undefined;
}

/**
 * Ties one alarm state change to candidate instances and a condition. ALARM raises the condition, OK
 * clears it, INSUFFICIENT_DATA is only observed (missing data is evidence of silence, never a reason to
 * remediate). A composite alarm that does not name its instance itself is read through its triggering
 * children: their names (name convention), or what `options.resolveChild` knows of them.
 *
 * @example
 *   mapAlarm(change, DEFAULT_ALARM_MAPPING) // { candidateInstanceIds: ['i-1234...'], condition: 'cpu-saturated', action: 'raise', via: 'dimension', ... }
 * @param tags the alarm's own tags, when the caller has them.
 * @throws ValidationError when `config` holds a pattern that does not compile (load it with loadAlarmMappingConfig).
 */
export function mapAlarm(
  change: AlarmStateChange,
  config: AlarmMappingConfig,
  tags?: Record<string, string>,
  options: MapAlarmOptions = {},
): AlarmMapping {
  const mapping = compileMapping(config);
  const self: AlarmSubject = { alarmName: change.alarmName, metrics: change.metrics, ...(tags === undefined ? {} : { tags }) };
  const children = change.kind === 'composite' ? childSubjects(change, options.resolveChild) : [];
  const own = instancesOf(self, mapping);
  const instances = own === undefined ? throughChildren(children, mapping) : { candidateInstanceIds: own.ids, via: own.via };
  const ownCondition = conditionOf(self, mapping);
  const childCondition = ownCondition === undefined ? conditionThroughChildren(children, mapping) : undefined;
  const condition =
    ownCondition ??
    (childCondition === undefined
      ? { condition: config.defaultCondition, via: 'default' as const }
      : { condition: childCondition, via: 'triggering-alarm' as const });
  return { ...instances, condition: condition.condition, conditionVia: condition.via, ...actionOf(change, config) };
}
