/**
 * Rolling an advisory's affected instances onto its fixed image, wave by wave (planImageRoll orders and
 * bounds the waves). Each step of the roll raises `vulnerable-image` on the current wave's instances, so the
 * playbooks replace them, and moves to the next wave once none of them still runs an affected image in
 * service. The schedule (`advisoryRoll`, every 10 minutes) and `warden advisory add` step rolls; stepping
 * is idempotent and moves only by conditional updates, so overlapping steppers cannot skip a wave.
 */
import { AdvisoryNotFoundError } from '../../domain/audit-runs/errors.ts';
import { decideRollStep, inService, pendingSteps, rollCondition, type RollState } from '../../domain/audit-runs/roll-progress.ts';
import type { ImageMatch } from '../../domain/audits/inventory.ts';
import { planImageRoll, type RollWave } from '../../domain/audits/roll.ts';
import { DependencyUnavailableError, InstanceNotFoundError } from '../../domain/errors.ts';
import type { Instance } from '../../domain/instance.ts';
import { raiseCondition } from '../conditions.ts';
import type { AuditDeps } from './deps.ts';
import type { StoredAdvisory } from './ports.ts';

/** Plans and stores the roll of an advisory with a fixed image, once. */
export async function ensureRoll(deps: AuditDeps, stored: StoredAdvisory, affected: ImageMatch): Promise<RollState> {
  if (stored.roll !== undefined) return stored.roll;
  const candidates = await deps.images.instancesOn(affected.images.map((image) => image.key), Infinity, (r) => inService(r.state));
  const plan = planImageRoll(stored.advisory, candidates, deps.config.roll);
  const now = deps.clock().toISOString();
  const planId = `${now.replace(/[^0-9]/g, '').slice(0, 14)}-${Math.random().toString(16).slice(2, 8)}`;
  await deps.advisories.putWaves(stored.advisory.id, planId, plan.waves);
  const roll: RollState = {
    status: plan.waves.length === 0 ? 'done' : 'rolling',
    planId,
    targetImage: plan.targetImage,
    instances: plan.instances,
    totalWaves: plan.waves.length,
    currentWave: 0,
    raisedWave: -1,
    startedAt: now,
    updatedAt: now,
    ...(plan.waves.length === 0 ? { finishedAt: now } : {}),
  };
  if ((await deps.advisories.startRoll(stored.advisory.id, roll)) === 'started') return roll;
  const winner = (await deps.advisories.get(stored.advisory.id))?.roll;
  if (winner === undefined) throw new DependencyUnavailableError(`roll of ${stored.advisory.id}`);
  return winner;
}

export interface RollStepResult {
  advisoryId: string;
  roll: RollState | undefined;
  /** Conditions raised by this step. */
  raised: number;
  /** Waves moved past by this step. */
  advanced: number;
}

/** Moves a roll as far as it can go now: through finished waves, raising the first unfinished one. */
export async function stepRoll(deps: AuditDeps, advisoryId: string, maxMoves = 25): Promise<RollStepResult> {
  const result: RollStepResult = { advisoryId, roll: undefined, raised: 0, advanced: 0 };
  for (let move = 0; move < maxMoves; move++) {
    const stored = await deps.advisories.get(advisoryId);
    if (stored === undefined) throw new AdvisoryNotFoundError(advisoryId);
    const roll = stored.roll;
    result.roll = roll;
    if (roll === undefined || roll.status === 'done') return result;
    const { wave, instances } = await loadWave(deps, advisoryId, roll);
    const decision = decideRollStep(roll, pendingSteps(wave, instances, stored.advisory));
    if (decision.kind === 'wait') return result;
    const updatedAt = deps.clock().toISOString();
    let next: RollState;
    if (decision.kind === 'raise') {
      for (const step of decision.steps) result.raised += await raiseStep(deps, stored, wave, step.instanceId, instances);
      next = { ...roll, raisedWave: roll.currentWave, updatedAt };
    } else if (decision.kind === 'advance') {
      next = { ...roll, currentWave: decision.to, updatedAt };
      result.advanced += 1;
    } else {
      next = { ...roll, status: 'done', updatedAt, finishedAt: updatedAt };
      result.advanced += 1;
    }
    if (await deps.advisories.moveRoll(advisoryId, roll, next)) result.roll = next;
    if (decision.kind === 'raise') return result;
  }
  return result;
}

/** Steps every roll in progress; one failing roll does not hold up the others. */
export async function stepAllRolls(deps: AuditDeps): Promise<{ results: RollStepResult[]; failed: { advisoryId: string; error: unknown }[] }> {
  const rolling = (await deps.advisories.list()).filter((a) => a.roll?.status === 'rolling');
  const results: RollStepResult[] = [];
  const failed: { advisoryId: string; error: unknown }[] = [];
  for (const { advisory } of rolling) {
    try {
      results.push(await stepRoll(deps, advisory.id));
    } catch (error) {
      failed.push({ advisoryId: advisory.id, error });
    }
  }
  return { results, failed };
}

export async function loadWave(
  deps: AuditDeps,
  advisoryId: string,
  roll: RollState,
): Promise<{ wave: RollWave; instances: Map<string, Instance> }> {
  const wave = await deps.advisories.wave(advisoryId, roll.planId, roll.currentWave);
  if (wave === undefined) throw new DependencyUnavailableError(`wave ${roll.currentWave} of the roll of ${advisoryId}`);
  return { wave, instances: await deps.images.instances(wave.steps.map((s) => s.instanceId)) };
}

async function raiseStep(
  deps: AuditDeps,
  stored: StoredAdvisory,
  wave: RollWave,
  instanceId: string,
  instances: ReadonlyMap<string, Instance>,
): Promise<number> {
  const instance = instances.get(instanceId);
  const step = wave.steps.find((s) => s.instanceId === instanceId);
  if (instance === undefined || step === undefined) return 0;
  const request = rollCondition(stored.advisory, wave, step, instance, deps.clock());
  try {
    return (await raiseCondition(deps, instance, request.condition, request.record)) === 'raised' ? 1 : 0;
  } catch (error) {
    if (error instanceof InstanceNotFoundError) return 0;
    throw error;
  }
}
