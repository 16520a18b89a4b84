/**
 * Silence, judged. "If you haven't gotten a heartbeat in a while, you don't know its health": past the first
 * threshold an instance is `uncertain`, past the second `unavailable` (which raises `down`). Pure: the sweeper
 * gives it what it read and the time.
 */
import { ValidationError } from './errors.ts';
import { HEARTBEATING_STATES } from './lifecycle.ts';
import type { Instance, LifecycleState, Service } from './instance.ts';

export interface LivenessThresholds {
  heartbeatIntervalSeconds: number;
  uncertainAfterSeconds: number;
  unavailableAfterSeconds: number;
}

export const DEFAULT_THRESHOLDS: LivenessThresholds = {
  heartbeatIntervalSeconds: 30,
  uncertainAfterSeconds: 90,
  unavailableAfterSeconds: 180,
};

export type ThresholdsByService = Record<Service, LivenessThresholds>;

/** Checks that the thresholds make sense: uncertain comes after at least one missed beat, unavailable after uncertain. */
export function validateThresholds(service: string, t: LivenessThresholds): LivenessThresholds {
  const issues: string[] = [];
  if (!(t.heartbeatIntervalSeconds > 0)) issues.push('heartbeatIntervalSeconds must be positive');
  if (!(t.uncertainAfterSeconds > t.heartbeatIntervalSeconds)) issues.push('uncertainAfterSeconds must exceed the heartbeat interval');
  if (!(t.unavailableAfterSeconds > t.uncertainAfterSeconds)) issues.push('unavailableAfterSeconds must exceed uncertainAfterSeconds');
  if (issues.length > 0) throw new ValidationError(`liveness thresholds for ${service}`, issues);
  return t;
}

/** What the sweeper knows of one member of a cell. */
export interface MemberLiveness {
  id: string;
  state: LifecycleState;
  /** When it went missing from its cell's reports while the cell kept reporting. */
  silentSince?: string;
  /** Its own last single-instance heartbeat, if it sends those. */
  lastHeartbeatAt?: string;
}

/**
 * When we last had any sign of life from a member: the moment it went missing from a live cell, or else the
 * later of its cell's last report and its own last heartbeat.
 */
export function lastSignOfLife(member: MemberLiveness, cellLastSeenAt: string | undefined): string | undefined {
  if (member.silentSince !== undefined) return member.silentSince;
  const candidates = [cellLastSeenAt, member.lastHeartbeatAt].filter((t): t is string => t !== undefined);
  return candidates.length === 0 ? undefined : candidates.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

/**
 * The transitions silence calls for, in order. An available instance silent past both thresholds goes
 * through `uncertain` to `unavailable` in one sweep, so history shows both steps.
 *
 * @example silenceTransitions('available', 95, DEFAULT_THRESHOLDS) // ['uncertain']
 */
export function silenceTransitions(state: LifecycleState, silentForSeconds: number, t: LivenessThresholds): LifecycleState[] {
  if (!HEARTBEATING_STATES.has(state)) return [];
  const pastUncertain = silentForSeconds >= t.uncertainAfterSeconds;
  const pastUnavailable = silentForSeconds >= t.unavailableAfterSeconds;
  if (state === 'available' && pastUnavailable) return ['uncertain', 'unavailable'];
  if (state === 'available' && pastUncertain) return ['uncertain'];
  if (state === 'uncertain' && pastUnavailable) return ['unavailable'];
  return [];
}

/**
 * An instance remediation is acting on (restart, upgrading) keeps its silence mark when it reports again: the action's
 * outcome decides its state, and if that is `unavailable`, the mark is what lets its next report bring it back. A
 * transition to `available` (the action verified) clears the mark.
 */
export function keepsSilenceMark(instance: Pick<Instance, 'state'>): boolean {
  return instance.state === 'restart' || instance.state === 'upgrading';
}

/** A heartbeat brings back an instance that silence had marked: uncertain or unavailable become available. */
export function recoversOnHeartbeat(instance: Pick<Instance, 'state'>): boolean {
  return instance.state === 'uncertain' || instance.state === 'unavailable';
}
