import { ValidationError } from '../errors.ts';
import type { ImageRef, Instance, Service } from '../instance.ts';
import type { Advisory } from './advisories.ts';

export type RollCandidate = Pick<Instance, 'id' | 'service' | 'zone' | 'role'>;

export const ROLL_PHASES = ['replicas', 'primaries-failover', 'primaries-replace', 'standalones'] as const;
export type RollPhase = (typeof ROLL_PHASES)[number];

export interface RollStep {
  instanceId: string;
  action: 'failover' | 'replace';
  service: Service;
  zone: string;
  cluster?: string;
}

export interface RollWave {
  index: number;
  phase: RollPhase;
  steps: RollStep[];
}

export interface RollPlan {
  advisoryId: string;
  targetImage: ImageRef;
  /** Distinct instances rolled (a primary appears in two waves: failover, then replace). */
  instances: number;
  waves: RollWave[];
}

export interface RollLimits {
  /** Most steps in one wave, like a blast-radius budget. */
  maxPerWave: number;
  /** Most steps in one zone in one wave; unbounded when absent. */
  maxPerZonePerWave?: number;
}

/**
 * Orders the roll of affected instances onto the advisory's fixed image, in waves run one after another:
 *
 * 1. `replicas`: replaced first, so every primary later fails over onto an already fixed replica;
 * 2. `primaries-failover`: each primary hands its role to a replica (customers see a failover, not an outage);
 * 3. `primaries-replace`: the old primaries, now replicas, are replaced;
 * 4. `standalones`: last, because replacing one is downtime with no standby, so the fixed image has by
 *    then proven itself on the instances whose failure redundancy absorbs.
 *
 * No wave holds more than `maxPerWave` steps, more than `maxPerZonePerWave` in one zone, or two members of
 * one cluster (so a cluster never loses two copies at once). Duplicate candidates are rolled once.
 *
 * @throws ValidationError when the advisory names no fixed image or a limit is not a positive integer.
 */
export function planImageRoll(advisory: Advisory, affected: readonly RollCandidate[], limits: RollLimits): RollPlan {
  const targetImage = checkRollable(advisory, limits);
  const unique = [...new Map(affected.map((candidate) => [candidate.id, candidate])).values()].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const ofKind = (kind: Instance['role']['kind']) => unique.filter((c) => c.role.kind === kind);
  const primaries = ofKind('primary');
  const phases: [RollPhase, RollStep[]][] = [
    ['replicas', ofKind('replica').map((c) => step(c, 'replace'))],
    ['primaries-failover', primaries.map((c) => step(c, 'failover'))],
    ['primaries-replace', primaries.map((c) => step(c, 'replace'))],
    ['standalones', ofKind('standalone').map((c) => step(c, 'replace'))],
  ];
  const waves: RollWave[] = [];
  for (const [phase, steps] of phases) {
    for (const packed of packWaves(steps, limits)) waves.push({ index: waves.length, phase, steps: packed });
  }
  return { advisoryId: advisory.id, targetImage, instances: unique.length, waves };
}

function checkRollable(advisory: Advisory, limits: RollLimits): ImageRef {
  const issues: string[] = [];
  if (advisory.fixedImage === undefined) issues.push(`advisory ${advisory.id} names no fixedImage to roll onto`);
  if (!Number.isInteger(limits.maxPerWave) || limits.maxPerWave < 1) {
    issues.push(`maxPerWave must be a positive integer, got ${limits.maxPerWave}`);
  }
  const perZone = limits.maxPerZonePerWave;
  if (perZone !== undefined && (!Number.isInteger(perZone) || perZone < 1)) {
    issues.push(`maxPerZonePerWave must be a positive integer, got ${perZone}`);
  }
  if (advisory.fixedImage === undefined || issues.length > 0) throw new ValidationError('image roll', issues);
  return advisory.fixedImage;
}

function step(candidate: RollCandidate, action: RollStep['action']): RollStep {
  const result: RollStep = { instanceId: candidate.id, action, service: candidate.service, zone: candidate.zone };
  if (candidate.role.cluster !== undefined) result.cluster = candidate.role.cluster;
  return result;
}

interface OpenWave {
  steps: RollStep[];
  zones: Map<string, number>;
  clusters: Set<string>;
}

/** First fit: each step goes to the earliest wave with room in its zone and no member of its cluster. */
function packWaves(steps: readonly RollStep[], limits: RollLimits): RollStep[][] {
  const waves: OpenWave[] = [];
  const perZone = limits.maxPerZonePerWave ?? Number.POSITIVE_INFINITY;
  const fits = (wave: OpenWave, s: RollStep) =>
    wave.steps.length < limits.maxPerWave &&
    (wave.zones.get(s.zone) ?? 0) < perZone &&
    (s.cluster === undefined || !wave.clusters.has(s.cluster));
  let firstWithRoom = 0;
  for (const s of steps) {
    const wave = firstFit(waves, firstWithRoom, (w) => fits(w, s));
    wave.steps.push(s);
    wave.zones.set(s.zone, (wave.zones.get(s.zone) ?? 0) + 1);
    if (s.cluster !== undefined) wave.clusters.add(s.cluster);
    while ((waves[firstWithRoom]?.steps.length ?? 0) >= limits.maxPerWave) firstWithRoom++;
  }
  return waves.map((wave) => wave.steps);
}

/** The earliest wave from index `from` that `fits`, or a new one appended at the end. */
function firstFit(waves: OpenWave[], from: number, fits: (wave: OpenWave) => boolean): OpenWave {
  for (const wave of waves.slice(from)) if (fits(wave)) return wave;
  const fresh: OpenWave = { steps: [], zones: new Map(), clusters: new Set() };
  waves.push(fresh);
  return fresh;
}
