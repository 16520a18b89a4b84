/**
 * Doubt the observer before the fleet. Silence is judged against what Fleetwarden has processed, not against the
 * clock: a report waiting in the heartbeat queue is not silence. Pure; docs/DETECTION.md has the rule and its edges.
 *
 * The ingestion watermark is the send time before which every cell report has had its chance to be processed:
 * - the heartbeat queue is empty (nothing waiting, nothing in flight): every report sent so far was processed, so
 *   the watermark is now;
 * - otherwise it is the intake frontier the heartbeat consumers record: the oldest first-delivery report of their
 *   latest batches (its SQS SentTimestamp). A backlog holds it back by exactly the backlog's age;
 * - neither known (the queue unreadable and no batch ever recorded): there is no watermark and nothing is judged.
 */

/** What the heartbeat consumers last recorded of their progress. */
export interface IntakeMark {
  /** The SQS send time of the oldest first-delivery report in the latest recorded batches. */
  frontier: string;
  /** When those batches were processed. */
  processedAt: string;
}

export interface Watermark {
  /** Reports sent before this have been processed; undefined: unknown, judge nothing. */
  at?: string;
  /** How far the watermark trails the clock, in seconds. */
  lagSeconds?: number;
  basis: 'queue-empty' | 'frontier' | 'unknown';
}

/** A stretch of time in which Fleetwarden did not run or did not ingest: nothing from before it proves silence. */
export interface ObserverGap {
  kind: 'intake' | 'sweeper';
  startedAt: string;
  endedAt: string;
}

const seconds = (fromIso: string, to: Date | string) => ((typeof to === 'string' ? Date.parse(to) : to.getTime()) - Date.parse(fromIso)) / 1000;

/**
 * @example ingestionWatermark(0, undefined, now)          // { at: now, lagSeconds: 0, basis: 'queue-empty' }
 * @example ingestionWatermark(240, { frontier: '10:00:00Z', processedAt: '10:04:00Z' }, at('10:05:00Z')) // 300 s behind
 */
export function ingestionWatermark(backlog: number | undefined, intake: IntakeMark | undefined, now: Date): Watermark {
  if (backlog === 0) return { at: now.toISOString(), lagSeconds: 0, basis: 'queue-empty' };
  if (intake === undefined) return { basis: 'unknown' };
  const at = Date.parse(intake.frontier) > now.getTime() ? now.toISOString() : intake.frontier;
  return { at, lagSeconds: Math.max(0, Math.round(seconds(at, now))), basis: 'frontier' };
}

/**
 * A jump in the intake frontier longer than `gapSeconds`: no report sent in between was ever processed (the queue or
 * the senders' path to it was down, or reports expired in a stalled queue). Cells report every interval, so in a
 * running fleet the frontier advances by about one interval at most.
 */
export function intakeGap(previousFrontier: string | undefined, frontier: string, gapSeconds: number): ObserverGap | undefined {
  if (previousFrontier === undefined || seconds(previousFrontier, frontier) <= gapSeconds) return undefined;
  return { kind: 'intake', startedAt: previousFrontier, endedAt: frontier };
}

/** The sweeper's previous run was more than `gapSeconds` ago: Fleetwarden itself was not running. */
export function sweeperGap(lastSweepAt: string | undefined, now: Date, gapSeconds: number): ObserverGap | undefined {
  if (lastSweepAt === undefined || seconds(lastSweepAt, now) <= gapSeconds) return undefined;
  return { kind: 'sweeper', startedAt: lastSweepAt, endedAt: now.toISOString() };
}

/**
 * How long an instance has been silent, as far as processed data shows: from its last sign of life (or the end of
 * the latest observer gap, if that came later: data from before a gap proves nothing) to the watermark.
 *
 * @example silentSeconds('10:00:00Z', '10:02:00Z')               // 120
 * @example silentSeconds('10:00:00Z', '10:02:00Z', '10:01:30Z')  // 30: only fresh data since the gap counts
 */
export function silentSeconds(lastSignOfLife: string, watermark: string, gapEndedAt?: string): number {
  const from = gapEndedAt !== undefined && Date.parse(gapEndedAt) > Date.parse(lastSignOfLife) ? gapEndedAt : lastSignOfLife;
  return Math.max(0, Math.floor(seconds(from, watermark)));
}

/** Fresh data since the gap does not yet cover `thresholdSeconds`: silence from before it cannot be judged yet. */
export function recoveringFromGap(gap: ObserverGap | undefined, watermark: string | undefined, thresholdSeconds: number): boolean {
  if (gap === undefined) return false;
  return watermark === undefined || seconds(gap.endedAt, watermark) < thresholdSeconds;
}
