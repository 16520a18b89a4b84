import { z } from 'zod';

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
  | { state: 'open'; rate: number; samples: number; failures: number; lastFailureAt: string; reason: string };

/**
 * The breaker's state from the playbook's recent outcomes, in the window `(now - windowSeconds, now]`.
 * Open when there are at least `minSamples` and the failure rate is at least `failureRate`.
 *
 * @example
 *   breakerState([{ at, ok: false }, ...], BreakerConfigSchema.parse({}), now) // { state: 'open', rate: 0.6, ... }
 */
export function breakerState(outcomes: readonly OutcomeSample[], config: BreakerConfig, now: Date): BreakerState {
  const since = now.getTime() - config.windowSeconds * 1000;
  const recent = outcomes.filter((o) => {
    const at = Date.parse(o.at);
    return at > since && at <= now.getTime();
  });
  const failed = recent.filter((o) => !o.ok);
  const samples = recent.length;
  const rate = samples === 0 ? 0 : failed.length / samples;
  if (samples < config.minSamples || rate < config.failureRate) {
    return { state: 'closed', rate, samples, failures: failed.length };
  }
  const lastFailureAt = new Date(Math.max(...failed.map((o) => Date.parse(o.at)))).toISOString();
  const reason =
    `${failed.length} of ${samples} attempts failed in the last ${config.windowSeconds} s ` +
    `(${Math.round(rate * 100)}%, limit ${Math.round(config.failureRate * 100)}%)`;
  return { state: 'open', rate, samples, failures: failed.length, lastFailureAt, reason };
}
