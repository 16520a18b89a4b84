/**
 * The audit and advisory items in the single table (keys.ts has the ledger's). Built here so the layout can be
 * read in one place:
 *
 *   AUDITRUNS / RUN#<runId>                 one audit run: status, segments, shards done, its summary
 *   AUDIT#<runId> / SHARD#<segment>         a segment's result, written once (the exactly-once marker)
 *   AUDIT#<runId>#SEG#<segment>#<spread> / FINDING#<instanceId>#<check>#<n>   one finding, kept 14 days;
 *                                           FINDING_SPREAD partitions per segment (by instance), so that no
 *                                           partition takes more than a fraction of a segment's writes
 *   ADVISORIES / ADVISORY#<id>              an advisory and the state of its roll
 *   ADVISORY#<id> / WAVE#<planId>#<index>   one wave of its roll plan (a plan id per plan, so a plan
 *                                           computed by a losing concurrent `advisory add` never mixes in)
 *
 * Run ids sort by time (`run-YYYYMMDD-HHMMSS-xxxxxx`), so the newest run is the last RUN# key.
 */
export const RUNS_PK = 'AUDITRUNS';
export const ADVISORIES_PK = 'ADVISORIES';

export const runKey = (runId: string) => ({ pk: RUNS_PK, sk: `RUN#${runId}` });
export const shardKey = (runId: string, segment: number) => ({ pk: `AUDIT#${runId}`, sk: `SHARD#${pad(segment)}` });
/** Partitions per segment for its findings: a partition takes about 1,000 writes a second. */
export const FINDING_SPREAD = 10;
export const findingsPartition = (runId: string, segment: number, spread: number) => `AUDIT#${runId}#SEG#${pad(segment)}#${spread}`;
export const findingKey = (runId: string, segment: number, instanceId: string, check: string, n: number) => ({
  pk: findingsPartition(runId, segment, spreadOf(instanceId)),
  sk: `FINDING#${instanceId}#${check}#${n}`,
});

function spreadOf(instanceId: string): number {
  let hash = 0;
  for (let i = 0; i < instanceId.length; i++) hash = (hash * 31 + instanceId.charCodeAt(i)) >>> 0;
  return hash % FINDING_SPREAD;
}
export const advisoryKey = (id: string) => ({ pk: ADVISORIES_PK, sk: `ADVISORY#${id}` });
export const waveKey = (advisoryId: string, planId: string, index: number) => ({
  pk: `ADVISORY#${advisoryId}`,
  sk: `WAVE#${planId}#${pad(index)}`,
});

function pad(n: number): string {
  return String(n).padStart(6, '0');
}
