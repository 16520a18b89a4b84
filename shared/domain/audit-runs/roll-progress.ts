import { affectsImage, imageKey, type Advisory } from '../audits/advisories.ts';
import { AUDIT_CONDITIONS } from '../audits/conditions.ts';
import { severityRank } from '../audits/finding.ts';
import type { RollStep, RollWave } from '../audits/roll.ts';
import { remediationTiming } from '../audits/schedule.ts';
import type { ImageRef, Instance, LifecycleState } from '../instance.ts';
import { LEAVING_SERVICE } from '../lifecycle.ts';
import type { ConditionRequest } from './remediation.ts';

/** Where an advisory's roll onto its fixed image stands; stored with the advisory. */
export interface RollState {
  status: 'rolling' | 'done';
  /** Names the stored plan (its waves); a new plan gets a new id. */
  planId: string;
  targetImage: ImageRef;
  /** Distinct instances in the plan. */
  instances: number;
  totalWaves: number;
  currentWave: number;
  /** The last wave whose conditions were raised; below `currentWave` until that wave has started. */
  raisedWave: number;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
}

export type RollDecision =
  | { kind: 'raise'; steps: RollStep[] }
  | { kind: 'wait'; pending: RollStep[] }
  | { kind: 'advance'; to: number }
  | { kind: 'finish' };

/** Instances that a roll leaves alone: they are already leaving service. */
export function inService(state: LifecycleState): boolean {
  return !LEAVING_SERVICE.has(state);
}

/** A step is done once its instance is gone, leaving service, or no longer on an affected image. */
export function stepDone(instance: Pick<Instance, 'state' | 'image'> | undefined, advisory: Advisory): boolean {
  return instance === undefined || LEAVING_SERVICE.has(instance.state) || !affectsImage(advisory, instance.image);
}

/** The steps of a wave whose instances still run an affected image in service. */
export function pendingSteps(wave: RollWave, instances: ReadonlyMap<string, Instance>, advisory: Advisory): RollStep[] {
  return wave.steps.filter((step) => !stepDone(instances.get(step.instanceId), advisory));
}

/**
 * The roll's next move: raise the current wave if it has not started, wait while any of its instances is
 * still affected, then move to the next wave; after the last wave the roll is done. Waves run one at a
 * time, so replicas are fixed before any primary fails over, and a primary fails over before it is
 * replaced (planImageRoll orders the waves).
 */
export function decideRollStep(roll: RollState, pending: readonly RollStep[]): RollDecision {
  if (pending.length === 0) {
    const next = roll.currentWave + 1;
    return next >= roll.totalWaves ? { kind: 'finish' } : { kind: 'advance', to: next };
  }
  if (roll.raisedWave < roll.currentWave) return { kind: 'raise', steps: [...pending] };
  return { kind: 'wait', pending: [...pending] };
}

/** The `source` of the conditions a roll raises. */
export const rollSource = (advisoryId: string) => `advisory:${advisoryId}`;

/**
 * The `vulnerable-image` condition for one step of a roll: the advisory and the fixed image in its
 * evidence; at once for a critical advisory, otherwise not before the instance's maintenance window.
 */
export function rollCondition(
  advisory: Advisory,
  wave: Pick<RollWave, 'index' | 'phase'>,
  step: RollStep,
  instance: Pick<Instance, 'maintenanceWindow'>,
  now: Date,
): ConditionRequest {
  const urgent = severityRank(advisory.severity) >= severityRank('critical');
  const timing = remediationTiming({ urgent }, instance, now);
  const fixed = advisory.fixedImage === undefined ? 'none' : imageKey(advisory.fixedImage);
  const record: ConditionRequest['record'] = {
    raisedAt: now.toISOString(),
    source: rollSource(advisory.id),
    evidence: `advisory=${advisory.id} fixedImage=${fixed} wave=${wave.index} phase=${wave.phase} action=${step.action}`,
  };
  if (timing.when === 'window') record.notBefore = timing.notBefore;
  return { condition: AUDIT_CONDITIONS.vulnerableImage, record, urgent, raisedBefore: false };
}
