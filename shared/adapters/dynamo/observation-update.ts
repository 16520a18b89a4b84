/**
 * The UpdateItem that records an observation on an instance item: the metrics snapshot replaced whole, and each
 * reported fact set at its own path (`backup.lastSuccessAt`), so that fields the observation did not mention stay.
 *
 * DynamoDB cannot set `backup.lastSuccessAt` on an item that has no `backup` map, and one expression cannot both
 * create the map and set inside it. So an aspect is written one of two ways:
 * - whole (`SET backup = :map`), when the update names every field of the aspect (nothing to lose), or when the
 *   item is known to lack the aspect (then only if it still lacks it);
 * - field by field, on the condition that the aspect exists.
 * A failed condition tells the caller which aspects are missing; it writes again with those written whole.
 */
import { FACT_FIELDS, type FactAspect, type InstanceObservation } from '../../domain/facts.ts';

export interface ObservationUpdate {
  UpdateExpression: string;
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/** Aspects the update sets field by field: those it names only some fields of. The item must have them. */
export function partialAspects(observation: InstanceObservation): FactAspect[] {
  const namesAll = (aspect: FactAspect, fields: Record<string, unknown>) => FACT_FIELDS[aspect].every((field) => field in fields);
  return aspectsOf(observation).filter(([aspect, fields]) => !namesAll(aspect, fields)).map(([aspect]) => aspect);
}

/** The update, given which of the partial aspects the item is known to lack. */
export function observationUpdate(observation: InstanceObservation, missing: ReadonlySet<FactAspect>): ObservationUpdate {
  const set: string[] = [];
  const conditions = ['attribute_exists(pk)'];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (observation.metrics !== undefined) {
    set.push('#metrics = :metrics');
    names['#metrics'] = 'metrics';
    values[':metrics'] = observation.metrics;
  }
  const partial = new Set(partialAspects(observation));
  for (const [aspect, fields] of aspectsOf(observation)) {
    names[`#${aspect}`] = aspect;
    if (!partial.has(aspect) || missing.has(aspect)) {
      set.push(`#${aspect} = :${aspect}`);
      values[`:${aspect}`] = fields;
      if (partial.has(aspect)) conditions.push(`attribute_not_exists(#${aspect})`);
      continue;
    }
    conditions.push(`attribute_exists(#${aspect})`);
    for (const [field, value] of Object.entries(fields)) {
      const n = set.length;
      names[`#f${n}`] = field;
      values[`:f${n}`] = value;
      set.push(`#${aspect}.#f${n} = :f${n}`);
    }
  }
  return {
    UpdateExpression: `SET ${set.join(', ')}`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** True when the observation writes anything at all. */
export function writesAnything(observation: InstanceObservation): boolean {
  return observation.metrics !== undefined || aspectsOf(observation).length > 0;
}

function aspectsOf(observation: InstanceObservation): [FactAspect, Record<string, unknown>][] {
  const aspects: [FactAspect, Record<string, unknown>][] = [];
  for (const [aspect, given] of Object.entries(observation.facts) as [FactAspect, Record<string, unknown> | undefined][]) {
    const fields = Object.fromEntries(Object.entries(given ?? {}).filter(([, value]) => value !== undefined));
    if (Object.keys(fields).length > 0) aspects.push([aspect, fields]);
  }
  return aspects;
}
