/** The live view of `npm start`: counts by state, redrawn in a terminal, one line at a time otherwise. */
import type { FleetCounts } from '../shared/adapters/dynamo/instance-queries.ts';
import { LIFECYCLE_STATES } from '../shared/domain/instance.ts';
import type { LocalBus } from './event-bus.ts';

export function countsLine(elapsedSeconds: number, counts: FleetCounts, extra: Record<string, number> = {}): string {
  const states = LIFECYCLE_STATES.filter((s) => (counts.byState[s] ?? 0) > 0).map((s) => `${s} ${counts.byState[s]}`);
  const more = Object.entries(extra).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`);
  return `[${String(elapsedSeconds).padStart(4)}s] total ${counts.total} | ${[...states, ...more].join(' | ')}`;
}

export interface ObservedCounts {
  [key: string]: number;
  conditionsRaised: number;
  conditionsCleared: number;
  wentUncertain: number;
  wentUnavailable: number;
  recovered: number;
  /** Times detection held (Fleetwarden behind, not the fleet) and resumed: docs/DETECTION.md. */
  detectionHeld: number;
  detectionResumed: number;
}

/**
 * Prints the domain events worth a human's attention as they are published (silence, conditions, recoveries),
 * and counts them for the live line and the final summary. Provisioning's installing/available noise is skipped.
 */
export function observeDomainEvents(bus: LocalBus, say: (line: string) => void): { counts: ObservedCounts } {
  const counts: ObservedCounts = { conditionsRaised: 0, conditionsCleared: 0, wentUncertain: 0, wentUnavailable: 0, recovered: 0, detectionHeld: 0, detectionResumed: 0 };
  const seen = new Set<string>();
  bus.onEvent((event) => {
    if (event.source !== 'fleetwarden') return;
    const d = event.detail as Record<string, unknown>;
    // At-least-once: a redelivered fact is published again with the same dedupeKey; count it once.
    const key = `${event['detail-type']}#${String(d.dedupeKey)}`;
    if (seen.has(key)) return;
    seen.add(key);
    const type = event['detail-type'];
    if (type === 'InstanceStateChanged') {
      if (d.to === 'uncertain') counts.wentUncertain += 1;
      if (d.to === 'unavailable') counts.wentUnavailable += 1;
      if (d.to === 'available' && d.from !== 'installing') counts.recovered += 1;
      if (d.from === 'installing' || (d.from === null && d.to === 'installing')) return;
      say(`  ${String(d.instanceId)}: ${String(d.from)} -> ${String(d.to)} (${String(d.reason)})`);
    } else if (type === 'ConditionRaised') {
      counts.conditionsRaised += 1;
      say(`  ${String(d.instanceId)}: condition ${String(d.condition)} raised by ${String(d.source)}`);
    } else if (type === 'ConditionCleared') {
      counts.conditionsCleared += 1;
      say(`  ${String(d.instanceId)}: condition ${String(d.condition)} cleared`);
    } else if (type === 'DetectionHeld') {
      counts.detectionHeld += 1;
      say(`  DETECTION HELD: ${String(d.summary)}`);
    } else if (type === 'DetectionResumed') {
      counts.detectionResumed += 1;
      say(`  detection resumed after ${String(d.heldForSeconds)} s held (${String(d.reasons)})`);
    }
  });
  return { counts };
}
