/**
 * The CVE day: record an advisory and answer at once how many instances it affects, in which services and
 * zones. The answer comes from the per-image inventory counters (16 small queries, whatever the fleet size),
 * never from a scan; listing the instances reads only the affected images' partitions of the byImage index.
 * Bad input (a pattern outside the grammar, a fixed image that is itself affected) writes nothing.
 */
import { AdvisoryConflictError, AdvisoryNotFoundError } from '../../domain/audit-runs/errors.ts';
import { inService, pendingSteps, type RollState } from '../../domain/audit-runs/roll-progress.ts';
import { imageKey, parseAdvisory, parseImageKey, type Advisory } from '../../domain/audits/advisories.ts';
import type { Severity } from '../../domain/audits/finding.ts';
import { matchImages, type ImageMatch } from '../../domain/audits/inventory.ts';
import type { AuditDeps } from './deps.ts';
import { ensureRoll, loadWave, stepRoll } from './roll.ts';
import type { ImageRow, StoredAdvisory } from './ports.ts';

export interface AdvisoryInput {
  id: string;
  affects: string[];
  /** `name:version` */
  fixedImage?: string;
  severity: Severity;
  title?: string;
  /** List the affected instances too (`--json`). */
  list?: boolean;
}

export interface RollView extends RollState {
  /** The current wave: its phase, its size and the instances it still waits for. */
  current?: { index: number; phase: string; steps: number; pending: number; waitingFor: string[] };
}

export interface AdvisoryAnswer {
  /** `fixed-image-added`: the advisory was recorded before its fix; now it names it, and the roll starts. */
  outcome: 'recorded' | 'unchanged' | 'fixed-image-added' | 'shown';
  advisory: Advisory;
  affected: ImageMatch;
  roll?: RollView;
  instances?: ImageRow[];
  /** True when `instances` stops at the configured limit. */
  truncated?: boolean;
}

export async function addAdvisory(deps: AuditDeps, input: AdvisoryInput): Promise<AdvisoryAnswer> {
  const advisory = parseAdvisory({
    id: input.id,
    affects: input.affects,
    severity: input.severity,
    createdAt: deps.clock().toISOString(),
    ...(input.title === undefined ? {} : { title: input.title }),
    ...(input.fixedImage === undefined ? {} : { fixedImage: parseImageKey(input.fixedImage) }),
  });
  const affected = matchImages(advisory, await deps.queries.inventory());
  const { stored, outcome } = await record(deps, advisory);
  let roll: RollView | undefined;
  if (stored.advisory.fixedImage !== undefined) {
    await ensureRoll(deps, stored, affected);
    roll = await rollView(deps, stored.advisory, (await stepRoll(deps, stored.advisory.id)).roll);
  }
  return { outcome, advisory: stored.advisory, affected, ...(roll ? { roll } : {}), ...(await listing(deps, affected, input.list)) };
}

/** An advisory, what it affects now and how far its roll has come. Reads only. */
export async function showAdvisory(deps: AuditDeps, id: string, list = false): Promise<AdvisoryAnswer> {
  const stored = await deps.advisories.get(id);
  if (stored === undefined) throw new AdvisoryNotFoundError(id);
  const affected = matchImages(stored.advisory, await deps.queries.inventory());
  const roll = await rollView(deps, stored.advisory, stored.roll);
  return { outcome: 'shown', advisory: stored.advisory, affected, ...(roll ? { roll } : {}), ...(await listing(deps, affected, list)) };
}

/**
 * Records the advisory once. Adding it again with the same facts changes nothing; naming a fixed image for an
 * advisory recorded without one (the CVE is out before its fix) adds it; any other difference is a conflict.
 */
async function record(deps: AuditDeps, advisory: Advisory): Promise<{ stored: StoredAdvisory; outcome: AdvisoryAnswer['outcome'] }> {
  if ((await deps.advisories.put(advisory)) === 'created') return { stored: { advisory }, outcome: 'recorded' };
  const existing = await deps.advisories.get(advisory.id);
  if (existing === undefined) return record(deps, advisory);
  const differences = differencesBetween(existing.advisory, advisory);
  const fix = existing.advisory.fixedImage === undefined ? advisory.fixedImage : undefined;
  if (fix !== undefined && differences.length === 1) {
    if (await deps.advisories.addFixedImage(advisory.id, fix)) {
      return { stored: { ...existing, advisory: { ...existing.advisory, fixedImage: fix } }, outcome: 'fixed-image-added' };
    }
    return record(deps, advisory); // another call named a fix first: compare with that
  }
  if (differences.length > 0) throw new AdvisoryConflictError(advisory.id, differences);
  return { stored: existing, outcome: 'unchanged' };
}

function differencesBetween(a: Advisory, b: Advisory): string[] {
  const differences: string[] = [];
  if ([...a.affects].sort().join('\n') !== [...b.affects].sort().join('\n')) differences.push('affects');
  const fixed = (x: Advisory) => (x.fixedImage === undefined ? '' : imageKey(x.fixedImage));
  if (fixed(a) !== fixed(b)) differences.push('fixedImage');
  if (a.severity !== b.severity) differences.push('severity');
  return differences;
}

async function listing(deps: AuditDeps, affected: ImageMatch, list: boolean | undefined) {
  if (list !== true) return {};
  const limit = deps.config.listLimit;
  const rows = await deps.images.instancesOn(affected.images.map((i) => i.key), limit + 1, (r) => inService(r.state));
  return { instances: rows.slice(0, limit), truncated: rows.length > limit };
}

const WAITING_SHOWN = 50;

async function rollView(deps: AuditDeps, advisory: Advisory, roll: RollState | undefined): Promise<RollView | undefined> {
  if (roll === undefined || roll.status === 'done') return roll;
  const { wave, instances } = await loadWave(deps, advisory.id, roll);
  const pending = pendingSteps(wave, instances, advisory);
  const waitingFor = pending.slice(0, WAITING_SHOWN).map((s) => s.instanceId);
  return { ...roll, current: { index: wave.index, phase: wave.phase, steps: wave.steps.length, pending: pending.length, waitingFor } };
}
