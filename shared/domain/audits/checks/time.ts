export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/**
 * How long ago `iso` was. An unreadable timestamp counts as infinitely old: a check must fail on data it
 * cannot read rather than pass in silence.
 */
export function ageMs(iso: string, now: Date): number {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? Number.POSITIVE_INFINITY : now.getTime() - at;
}

