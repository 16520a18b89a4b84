import * as z from 'zod';

/**
 * A circuit breaker per playbook. When a remedy keeps failing, the remedy (or the provider behind it)
 * is what is broken, and running it on more instances only spreads the damage.
 *
 * Defaults: over the last hour, with at least 5 verified-or-failed attempts, half or more failing
 * opens the breaker. Fewer than 5 samples never open it: two unlucky restarts are not a pattern.
 * There is no half-open state: while open nothing runs, so no new outcomes arrive, and the breaker
 * closes by itself once the failures age out of the window (the window is the cool-down).
 */
export const BreakerConfigSchema = z.object({
  windowSeconds: z.number().int().positive().default(3600),
  minSamples: z.number().int().min(1).default(5),
  failureRate: z.number().gt(0).max(1).default(0.5),
});
export type BreakerConfig = z.infer<typeof BreakerConfigSchema>;

/** One finished attempt of the playbook: verified (`ok`) or failed. Skips and dry runs are not samples. */
export interface OutcomeSample {
  at: string;
  ok: boolean;
}

export type BreakerState =
  | { state: 'closed'; rate: number; samples: number; failures: number }
  | { state: 'open'; rate: number; samples: number; failures: number; lastFailureAt: string; openedAt: string; reason: string };

interface WindowCounts {
  samples: number;
  failed: number;
  /** The newest failure in the window (-Infinity when none). */
  lastFailureAt: number;
}

function windowCounts(outcomes: readonly OutcomeSample[], config: BreakerConfig, t: number): WindowCounts {
  const since = t - config.windowSeconds * 1000;
  let samples = 0;
  let failed = 0;
  let lastFailureAt = -Infinity;
  for (const o of outcomes) {
    const at = Date.parse(o.at);
    if (at <= since || at > t) continue;
    samples += 1;
    if (!o.ok) {
      failed += 1;
      lastFailureAt = Math.max(lastFailureAt, at);
    }
  }
  return { samples, failed, lastFailureAt };
}

function isOpen({ samples, failed }: { samples: number; failed: number }, config: BreakerConfig): boolean {
  return samples >= config.minSamples && samples > 0 && failed / samples >= config.failureRate;
}

/**
 * When the current opening began: the state only changes when a sample enters the window or leaves it, so
 * walk those instants back from `now` while the breaker was open there. Failures of tasks that acted before it
 * opened and end later do not move it, so it names one opening however long that lasts. It needs the samples
 * of the window before this one too (a breaker open longer than a whole window cannot be traced further back).
 */
function openedAt(outcomes: readonly OutcomeSample[], config: BreakerConfig, t: number): number {
  const windowMs = config.windowSeconds * 1000;
  const changes = new Set(outcomes.flatMap((o) => [Date.parse(o.at), Date.parse(o.at) + windowMs]));
  const instants = [...changes].filter((at) => at <= t).sort((a, b) => b - a);
  let opened = t;
  for (const at of instants) {
    if (!isOpen(windowCounts(outcomes, config, at), config)) break;
    opened = at;
  }
  return opened;
}

/**
 * The breaker's state from the playbook's recent outcomes, in the window `(now - windowSeconds, now]`.
 * Open when there are at least `minSamples` and the failure rate is at least `failureRate`; `openedAt` is when
 * this opening began (pass the samples of the last two windows for it to be exact).
 *
 * @example
 *   breakerState([{ at, ok: false }, ...], BreakerConfigSchema.parse({}), now) // { state: 'open', rate: 0.6, ... }
 */
export function breakerState(outcomes: readonly OutcomeSample[], config: BreakerConfig, now: Date): BreakerState {
  const t = now.getTime();
  const counts = windowCounts(outcomes, config, t);
  const { samples, failed } = counts;
  const rate = samples === 0 ? 0 : failed / samples;
  if (!isOpen(counts, config)) return { state: 'closed', rate, samples, failures: failed };
  const lastFailureAt = new Date(counts.lastFailureAt).toISOString();
  const reason =
    `${failed} of ${samples} attempts failed in the last ${config.windowSeconds} s ` +
    `(${Math.round(rate * 100)}%, limit ${Math.round(config.failureRate * 100)}%)`;
  const opened = new Date(openedAt(outcomes, config, t)).toISOString();
  return { state: 'open', rate, samples, failures: failed, lastFailureAt, openedAt: opened, reason };
}
