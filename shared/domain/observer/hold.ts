/**
 * Detection held: when Fleetwarden cannot trust what it has processed (it is behind, it cannot measure how far, it
 * is recovering from a gap in its own running, or silence is implausible), it says so once, holds, and clears the
 * hold when caught up. Holding never becomes a blind spot: past `ceilingSeconds` a hold pages again, and an
 * implausible silence that lasts that long with fresh data is taken as real. Pure; the sweeper writes and publishes.
 */
import type { Service } from '../instance.ts';
import { DEFAULT_IMPLAUSIBLE, type ImplausibleConfig, type ImplausibleScope } from './implausible.ts';
import { recoveringFromGap, type ObserverGap, type Watermark } from './watermark.ts';

export type HoldReason = 'unmeasured' | 'behind' | 'gap' | 'implausible';

export interface ObserverConfig {
  /** Intake this far behind holds detection; the intake frontier jumping this far is a gap (two heartbeat intervals). */
  lagSeconds: number;
  /** The sweeper's previous run this long ago is a gap in Fleetwarden's own running (three sweep periods). */
  sweeperGapSeconds: number;
  /** A hold this old pages again; an implausible silence this old, with fresh data, is taken as real. */
  ceilingSeconds: number;
  implausible: ImplausibleConfig;
}

/** The defaults for the default 30 s heartbeat interval (shared/runtime/observer-config.ts derives the lag bound from the interval). */
export const DEFAULT_OBSERVER: ObserverConfig = { lagSeconds: 60, sweeperGapSeconds: 180, ceilingSeconds: 900, implausible: DEFAULT_IMPLAUSIBLE };

/** A service whose whole-cell silence is held as implausible. */
export interface HeldScope extends ImplausibleScope {
  since: string;
  /** Still quiet after `ceilingSeconds` of fresh data: confirmed by time, judged again. */
  confirmedAt?: string;
  /** An engineer let detection judge it (warden detection release). */
  releasedAt?: string;
  releasedBy?: string;
}

export interface DetectionHold {
  since: string;
  reasons: HoldReason[];
  lagSeconds?: number;
  watermark?: string;
  gap?: ObserverGap;
  /** When a sweep claimed the announcement, and when it had published it. */
  announcingAt?: string;
  announcedAt?: string;
  ceilingPagedAt?: string;
}

export interface DetectionState {
  hold?: DetectionHold;
  scopes: HeldScope[];
}

export interface Observed {
  now: Date;
  watermark: Watermark;
  gap?: ObserverGap;
  implausible: readonly ImplausibleScope[];
  /** The shortest uncertain threshold: how much fresh data a gap must be followed by. */
  thresholdSeconds: number;
}

export type Notice = 'held' | 'resumed' | 'ceiling';

export interface Assessment {
  state: DetectionState;
  /** Services whose whole-cell silence is not judged this sweep. */
  heldServices: Service[];
  notices: Notice[];
}

const age = (since: string, now: Date) => (now.getTime() - Date.parse(since)) / 1000;

/** How long the sweep that claimed a hold's announcement has to publish it before the next sweep does. */
export const ANNOUNCE_CLAIM_SECONDS = 30;

export const isJudged = (scope: HeldScope) => scope.confirmedAt !== undefined || scope.releasedAt !== undefined;

/** The services whose whole-cell silence is still held (neither confirmed by time nor released). */
export const heldServicesOf = (scopes: readonly HeldScope[]) => scopes.filter((s) => !isJudged(s)).map((s) => s.service);

function nextScopes(previous: readonly HeldScope[], observed: Observed, config: ObserverConfig): HeldScope[] {
  const now = observed.now.toISOString();
  return observed.implausible.map((scope) => {
    const before = previous.find((p) => p.service === scope.service);
    const held: HeldScope = { ...before, ...scope, since: before?.since ?? now };
    const freshData = observed.watermark.lagSeconds !== undefined && observed.watermark.lagSeconds < config.lagSeconds;
    if (!isJudged(held) && freshData && age(held.since, observed.now) >= config.ceilingSeconds) held.confirmedAt = now;
    return held;
  });
}

function holdReasons(previous: DetectionHold | undefined, observed: Observed, heldServices: readonly Service[], config: ObserverConfig): HoldReason[] {
  const reasons: HoldReason[] = [];
  const lag = observed.watermark.lagSeconds;
  if (observed.watermark.at === undefined) reasons.push('unmeasured');
  // Hysteresis: once held for lag, it resumes below three quarters of the lag that held it, so a queue hovering at
  // the edge does not flap (and a healthy intake, which trails by up to an interval and a batching window, resumes).
  const wasBehind = previous?.reasons.includes('behind') ?? false;
  if (lag !== undefined && lag >= (wasBehind ? config.lagSeconds * 0.75 : config.lagSeconds)) reasons.push('behind');
  if (recoveringFromGap(observed.gap, observed.watermark.at, observed.thresholdSeconds)) reasons.push('gap');
  if (heldServices.length > 0) reasons.push('implausible');
  return reasons;
}

/**
 * What this sweep's observations mean for detection. `notices`: `held` once a hold has lasted `lagSeconds` (again if
 * its announcement was not recorded within ANNOUNCE_CLAIM_SECONDS), `resumed` when an announced hold ends, `ceiling`
 * once when it has lasted `ceilingSeconds`.
 */
export function assessDetection(previous: DetectionState, observed: Observed, config: ObserverConfig): Assessment {
  const scopes = nextScopes(previous.scopes, observed, config);
  const heldServices = heldServicesOf(scopes);
  const reasons = holdReasons(previous.hold, observed, heldServices, config);
  const notices: Notice[] = [];
  if (reasons.length === 0) {
    if (previous.hold?.announcingAt !== undefined) notices.push('resumed');
    return { state: { scopes }, heldServices, notices };
  }
  const facts = { reasons, lagSeconds: observed.watermark.lagSeconds, watermark: observed.watermark.at, gap: observed.gap };
  const hold: DetectionHold = { ...previous.hold, ...facts, since: previous.hold?.since ?? observed.now.toISOString() };
  // A hold is announced once it has lasted `lagSeconds`: a cold start or a blip shorter than that pages nobody. The
  // sweep that announces claims it in the state it saves; a claim not marked announced after ANNOUNCE_CLAIM_SECONDS
  // belongs to a sweep that died before announcing, and the next sweep announces instead.
  const due = age(hold.since, observed.now) >= config.lagSeconds;
  const claimed = hold.announcingAt !== undefined && age(hold.announcingAt, observed.now) < ANNOUNCE_CLAIM_SECONDS;
  if (hold.announcedAt === undefined && due && !claimed) {
    hold.announcingAt = observed.now.toISOString();
    notices.push('held');
  }
  if (hold.ceilingPagedAt === undefined && age(hold.since, observed.now) >= config.ceilingSeconds) {
    hold.ceilingPagedAt = observed.now.toISOString();
    notices.push('ceiling');
  }
  return { state: { hold, scopes }, heldServices, notices };
}

const REASON_TEXT: Record<HoldReason, (hold: DetectionHold, scopes: readonly HeldScope[]) => string> = {
  unmeasured: () => 'its heartbeat intake cannot be measured (queue unreadable, no batch recorded)',
  behind: (hold) => `its heartbeat intake is ${hold.lagSeconds ?? '?'} s behind`,
  gap: (hold) => `it is recovering from a ${hold.gap?.kind === 'sweeper' ? 'pause in its own sweeps' : 'gap in its intake'} (${hold.gap?.startedAt} to ${hold.gap?.endedAt}) and waits for fresh reports`,
  implausible: (_hold, scopes) =>
    `silence it cannot explain: ${scopes.filter((s) => !isJudged(s)).map((s) => `${s.quietCells} of ${s.cells} ${s.service} cells quiet across all ${s.zones} zones`).join('; ')}`,
};

/** The pager's line: Fleetwarden is behind, not the fleet. */
export function holdSummary(state: DetectionState): string {
  const hold = state.hold;
  if (hold === undefined) return 'detection is judging silence normally';
  const why = hold.reasons.map((r) => REASON_TEXT[r](hold, state.scopes)).join('; ');
  const held = heldServicesOf(state.scopes);
  const implausible = held.length === 0
    ? ''
    : ` Whole-cell silence of ${held.join(', ')} is not judged (no uncertain, no down, no restart) until those cells report again, an engineer releases it (warden detection-release ${held[0]}), or it outlasts the hold ceiling with fresh data.`;
  return `Fleetwarden is behind, not the fleet: ${why}. Silence is judged only on reports it has processed, so nothing is marked down or restarted for reports still waiting; a real failure is found once they are processed.${implausible}`;
}
