/** What one replayed event did, read from the answer of the function that took it. */
import { z } from 'zod';

export interface ReplayOutcome {
  file: string;
  /** The function(s) the event went to; null when no function takes it. */
  function: string | null;
  accepted: boolean;
  /** Registered instances the event acted on (an alarm's instances, heartbeats' recovered or missing ones). */
  instanceIds: string[];
  /** Ids the event named that are not registered. */
  unknownIds: string[];
  condition: string | null;
  action: string | null;
  /** An alarm that named no registered instance (recorded as unmatched). */
  unmatched: boolean;
  error: string | null;
}

type Summary = Pick<ReplayOutcome, 'instanceIds' | 'unknownIds' | 'condition' | 'action' | 'unmatched'> & { error?: string };

const ids = z.array(z.string());
const alarmResults = z.array(z.object({ instanceIds: ids, unknownIds: ids, condition: z.string(), action: z.string(), unmatched: z.boolean() }));
const heartbeat = z.object({ recovered: ids, wentMissing: ids, unknown: ids });
const heartbeatBatch = z.object({ batchItemFailures: z.array(z.object({ itemIdentifier: z.string() })), reports: z.array(heartbeat) });
const oneInstance = z.object({ instanceId: z.string() });

const distinct = (values: string[]) => [...new Set(values)];
const joined = (values: string[]) => (values.length === 0 ? null : distinct(values).join(','));
const empty: Summary = { instanceIds: [], unknownIds: [], condition: null, action: null, unmatched: false };

/** Reads a function's answer; an answer of an unknown shape is still accepted, with nothing to show. */
export function summarize(result: unknown, recordCount: number): Summary {
  const alarms = alarmResults.safeParse(result);
  if (alarms.success) {
    const changes = alarms.data;
    return {
      instanceIds: distinct(changes.flatMap((c) => c.instanceIds)),
      unknownIds: distinct(changes.flatMap((c) => c.unknownIds)),
      condition: joined(changes.map((c) => c.condition)),
      action: joined(changes.map((c) => c.action)),
      unmatched: changes.some((c) => c.unmatched),
    };
  }
  const batch = heartbeatBatch.safeParse(result);
  if (batch.success) {
    const summary = heartbeats(batch.data.reports);
    const lost = recordCount - batch.data.reports.length;
    if (batch.data.batchItemFailures.length > 0) return { ...summary, error: `${batch.data.batchItemFailures.length} record(s) failed and would be retried` };
    if (lost > 0) return { ...summary, error: `${lost} of ${recordCount} record(s) were rejected and sent to the dead-letter queue` };
    return summary;
  }
  const single = heartbeat.safeParse(result);
  if (single.success) return heartbeats([single.data]);
  const one = oneInstance.safeParse(result);
  return one.success ? { ...empty, instanceIds: [one.data.instanceId] } : empty;
}

function heartbeats(reports: z.infer<typeof heartbeat>[]): Summary {
  return {
    ...empty,
    instanceIds: distinct(reports.flatMap((r) => [...r.recovered, ...r.wentMissing])),
    unknownIds: distinct(reports.flatMap((r) => r.unknown)),
  };
}

/** One line for people: what happened, or why not. */
export function describeOutcome(outcome: ReplayOutcome): string {
  const head = `${outcome.accepted ? 'accepted' : 'rejected'}  ${outcome.file}`;
  if (!outcome.accepted) return `${head}  ${outcome.function ?? '-'}  ${outcome.error ?? ''}`;
  const what = outcome.condition === null ? '' : `${outcome.condition} (${outcome.action ?? ''}) `;
  const on = outcome.unmatched
    ? `unmatched: no registered instance${outcome.unknownIds.length > 0 ? ` (named ${outcome.unknownIds.join(', ')})` : ''}`
    : `-> ${outcome.instanceIds.join(', ') || 'no instance changed'}`;
  return `${head}  ${outcome.function ?? '-'}  ${what}${on}`;
}
