/**
 * Findings -> remediation: raises the conditions an instance's findings ask for (see `conditionsFor`), with
 * `source: audit:<runId>` and `notBefore` set to the maintenance window unless urgent. Raising is idempotent
 * per instance and condition, so a retried segment raises nothing twice.
 */
import { conditionsFor, type ConditionRequest } from '../../domain/audit-runs/remediation.ts';
import type { Finding } from '../../domain/audits/finding.ts';
import { InstanceNotFoundError } from '../../domain/errors.ts';
import type { Instance } from '../../domain/instance.ts';
import { mapLimit } from '../../lib/map-limit.ts';
import { raiseCondition } from '../conditions.ts';
import type { AuditDeps } from './deps.ts';

export interface RaiseTally {
  /**
   * Conditions this run raised on the segment's instances, counted once whether this delivery or an
   * earlier one of the same segment (one that died before recording its result) raised them.
   */
  raised: number;
  leftToRolls: number;
}

export async function raiseFindings(
  deps: AuditDeps,
  instances: ReadonlyMap<string, Instance>,
  findings: ReadonlyMap<string, readonly Finding[]>,
  opts: { runId: string; rolling: ReadonlySet<string> },
): Promise<RaiseTally> {
  const now = deps.clock();
  const tallies = await mapLimit([...findings], 16, async ([instanceId, own]): Promise<RaiseTally> => {
    const instance = instances.get(instanceId);
    if (instance === undefined) return { raised: 0, leftToRolls: 0 };
    const plan = conditionsFor(instance, own, { runId: opts.runId, now, rolling: opts.rolling });
    let raised = 0;
    for (const request of plan.requests) {
      const outcome = await raiseIfPresent(deps, instance, request.condition, request.record);
      if (outcome === 'raised' || (outcome === 'already-raised' && (await raisedByThisRun(deps, instance.id, request)))) raised += 1;
    }
    return { raised, leftToRolls: plan.leftToRolls };
  });
  return tallies.reduce((sum, t) => ({ raised: sum.raised + t.raised, leftToRolls: sum.leftToRolls + t.leftToRolls }), {
    raised: 0,
    leftToRolls: 0,
  });
}

/**
 * Whether a condition found already raised was raised by this run: known from the scan when an earlier
 * delivery raised it; otherwise (a delivery racing this one, or another source since the scan) re-read.
 */
async function raisedByThisRun(deps: AuditDeps, instanceId: string, request: ConditionRequest): Promise<boolean> {
  if (request.raisedBefore) return true;
  const now = await deps.store.find(instanceId);
  return now?.conditions?.[request.condition]?.source === request.record.source;
}

/** An instance deleted since the scan has nothing left to remediate. */
async function raiseIfPresent(
  deps: AuditDeps,
  instance: Instance,
  condition: string,
  record: Parameters<typeof raiseCondition>[3],
): Promise<'raised' | 'already-raised' | 'gone'> {
  try {
    return await raiseCondition(deps, instance, condition, record);
  } catch (error) {
    if (error instanceof InstanceNotFoundError) return 'gone';
    throw error;
  }
}
