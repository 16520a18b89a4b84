/** The live view of `npm start`: counts by state, redrawn in a terminal, one line at a time otherwise. */
import type { FleetCounts } from '../shared/adapters/dynamo/instance-queries.ts';
import { LIFECYCLE_STATES } from '../shared/domain/instance.ts';

export function countsLine(elapsedSeconds: number, counts: FleetCounts, extra: Record<string, number> = {}): string {
  const states = LIFECYCLE_STATES.filter((s) => (counts.byState[s] ?? 0) > 0).map((s) => `${s} ${counts.byState[s]}`);
  const more = Object.entries(extra).map(([k, v]) => `${k} ${v}`);
  return `[${String(elapsedSeconds).padStart(4)}s] total ${counts.total} | ${[...states, ...more].join(' | ')}`;
}
