import { ValidationError } from '../errors.ts';
import type { AlarmMappingConfig } from './mapping-config.ts';
import type { AlarmMetric } from './types.ts';

/** What the rules look at: an alarm, or one child of a composite alarm. */
export interface AlarmSubject {
  alarmName: string;
  metrics: readonly AlarmMetric[];
  tags?: Readonly<Record<string, string>>;
}

interface CompiledRule {
  condition: string;
  namespace?: RegExp;
  metricName?: RegExp;
  alarmName?: RegExp;
}

export interface CompiledMapping {
  config: AlarmMappingConfig;
  namePattern: RegExp;
  rules: CompiledRule[];
}

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const compiled = new WeakMap<AlarmMappingConfig, CompiledMapping>();

function optionalPattern(source: string | undefined): RegExp | undefined {
  return source === undefined ? undefined : new RegExp(source, 'i');
}

function compile(config: AlarmMappingConfig): CompiledMapping {
  try {
    return {
      config,
      namePattern: new RegExp(config.namePattern),
      rules: config.conditions.map((rule) => ({
        condition: rule.condition,
        ...(rule.namespace === undefined ? {} : { namespace: optionalPattern(rule.namespace) }),
        ...(rule.metricName === undefined ? {} : { metricName: optionalPattern(rule.metricName) }),
        ...(rule.alarmNamePattern === undefined ? {} : { alarmName: optionalPattern(rule.alarmNamePattern) }),
      })),
    };
  } catch (error) {
    throw new ValidationError('alarm mapping config', [String(error)], { cause: error });
  }
}

/** Regexes are built once per configuration object, not once per alarm. */
export function compileMapping(config: AlarmMappingConfig): CompiledMapping {
  const cached = compiled.get(config);
  if (cached !== undefined) return cached;
  const fresh = compile(config);
  compiled.set(config, fresh);
  return fresh;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))];
}

export type InstanceVia = 'tag' | 'name' | 'dimension';

/**
 * Candidate instance ids of one alarm, from the most explicit source that has any: a tag the operator
 * put on the alarm, then the alarm-name convention, then metric dimensions (a dimension can name a host
 * or cluster rather than the instance, so it is the weakest evidence).
 */
export function instancesOf(subject: AlarmSubject, mapping: CompiledMapping): { ids: string[]; via: InstanceVia } | undefined {
  const tagged = unique([subject.tags?.[mapping.config.tagKey] ?? '']);
  if (tagged.length > 0) return { ids: tagged, via: 'tag' };
  const named = unique([mapping.namePattern.exec(subject.alarmName)?.groups?.instance ?? '']);
  if (named.length > 0) return { ids: named, via: 'name' };
  const wanted = new Set(mapping.config.instanceDimensions);
  const dimensioned = unique(
    subject.metrics.flatMap((metric) => Object.entries(metric.dimensions).filter(([name]) => wanted.has(name)).map(([, value]) => value)),
  );
  return dimensioned.length > 0 ? { ids: dimensioned, via: 'dimension' } : undefined;
}

function matchesRule(rule: CompiledRule, subject: AlarmSubject): boolean {
  if (rule.alarmName !== undefined && !rule.alarmName.test(subject.alarmName)) return false;
  if (rule.namespace === undefined && rule.metricName === undefined) return true;
  return subject.metrics.some(
    (metric) =>
      (rule.namespace === undefined || rule.namespace.test(metric.namespace ?? '')) &&
      (rule.metricName === undefined || rule.metricName.test(metric.metricName ?? '')),
  );
}

/**
 * The condition one alarm signals: the `condition` group of the name convention when present, otherwise
 * the first rule that matches. Undefined when neither says anything.
 */
export function conditionOf(subject: AlarmSubject, mapping: CompiledMapping): { condition: string; via: 'name' | 'rule' } | undefined {
  const named = mapping.namePattern.exec(subject.alarmName)?.groups?.condition;
  // A custom pattern may capture something that is not a condition name; then the rules decide.
  if (named !== undefined && KEBAB.test(named)) return { condition: named, via: 'name' };
  const rule = mapping.rules.find((candidate) => matchesRule(candidate, subject));
  return rule === undefined ? undefined : { condition: rule.condition, via: 'rule' };
}
