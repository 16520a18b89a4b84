/**
 * Reading the operator's audit log: a window back from now, and each call's intent and outcome put together.
 * A change whose intent was written but whose outcome never was is shown as such: it may have crashed midway.
 */
import { ValidationError } from '../errors.ts';

/** At most this far back per read: a longer look is several reads (or a query on the table itself). */
export const MAX_LOOKBACK_DAYS = 31;

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `2h`, `30m`, `7d`, or an ISO time, at most 31 days back.
 * @throws ValidationError for anything else.
 */
export function sinceTime(text: string, now: Date): Date {
  const relative = /^(\d{1,4})([mhd])$/.exec(text.trim());
  const at = relative !== null ? new Date(now.getTime() - Number(relative[1]) * (UNIT_MS[relative[2] ?? 'h'] ?? 0)) : new Date(Date.parse(text));
  if (Number.isNaN(at.getTime())) throw new ValidationError('audit-log', [`--since ${JSON.stringify(text.slice(0, 40))}: give 30m, 2h, 7d or an ISO time`]);
  if (now.getTime() - at.getTime() > MAX_LOOKBACK_DAYS * UNIT_MS.d!) throw new ValidationError('audit-log', [`--since reaches more than ${MAX_LOOKBACK_DAYS} days back`]);
  return at;
}

/** The UTC days (YYYY-MM-DD) from `since` to `now`, oldest first. */
export function daysBetween(since: Date, now: Date): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()); t <= now.getTime(); t += UNIT_MS.d!) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

export interface TrailEntry {
  requestId: string;
  phase: 'intent' | 'outcome';
  at: string;
  outcome?: string;
}

/** One call: its fields, `at` of its first entry, and `outcome: 'unknown'` when only its intent was written. */
export type TrailCall<E extends TrailEntry> = Omit<E, 'phase' | 'outcome'> & { outcome: string; intentAt?: string };

export function mergeTrail<E extends TrailEntry>(entries: readonly E[]): TrailCall<E>[] {
  const calls = new Map<string, TrailCall<E>>();
  for (const entry of [...entries].sort((a, b) => a.at.localeCompare(b.at))) {
    const { phase: _phase, ...fields } = entry;
    const seen = calls.get(entry.requestId);
    if (entry.phase === 'intent') {
      calls.set(entry.requestId, { ...fields, ...seen, at: entry.at, intentAt: entry.at, outcome: seen?.outcome ?? 'unknown' } as TrailCall<E>);
    } else {
      calls.set(entry.requestId, { ...seen, ...fields, at: seen?.at ?? entry.at, outcome: entry.outcome ?? 'unknown' } as TrailCall<E>);
    }
  }
  return [...calls.values()].sort((a, b) => a.at.localeCompare(b.at));
}
