/**
 * The single-table layout (docs/LIFECYCLE.md explains it). Every key the store writes is built here, so the
 * layout can be read in one place.
 *
 *   INST#<id> / META              the instance record (+ byState, byCell, bySilence, byCluster, byImage keys)
 *   INST#<id> / HIST#<version>    one history entry per version: gap-free because versions are
 *   INST#<id> / CAUSE#<kind:id>   marks a cause as recorded, so a redelivered cause is written once
 *   COUNTS#<shard> / <service>#<state>   sharded counters, updated in the same transaction as a transition
 *   INVENTORY#<shard> / <service>#<zone>#<image>   in-service instances per image (register +1, retired -1)
 *   PAGES#<minute> / PAGE#<writtenAt>#<id>   steady cell reports of one heartbeat batch (cellId -> at), expiring
 */
import { createHash } from 'node:crypto';
import type { LifecycleState, Service } from '../../domain/instance.ts';

/** Counter and index shards: spreads hot keys over partitions; readers query every shard. */
export const SHARDS = 16;

export function shardOf(id: string): number {
  return createHash('sha1').update(id).digest().readUInt16BE(0) % SHARDS;
}

export const instanceKey = (id: string) => ({ pk: `INST#${id}`, sk: 'META' });
export const historyKey = (id: string, version: number) => ({
  pk: `INST#${id}`,
  sk: `HIST#${String(version).padStart(10, '0')}`,
});
export const causeMarkerKey = (id: string, causeKey: string) => ({ pk: `INST#${id}`, sk: `CAUSE#${causeKey}` });
export const counterKey = (shard: number, service: Service, state: LifecycleState) => ({
  pk: `COUNTS#${shard}`,
  sk: `${service}#${state}`,
});

/** Image inventory: in-service instances per service, zone and image, for the CVE-day question. */
export const inventoryKey = (shard: number, service: Service, zone: string, image: string) => ({
  pk: `INVENTORY#${shard}`,
  sk: `${service}#${zone}#${image}`,
});

/** Report pages are partitioned by the minute they were written in (`2026-12-06T09:13`): readers ask for a window. */
export const pagePartition = (minute: string) => `PAGES#${minute}`;
export const pageKey = (writtenAt: string, id: string) => ({ pk: pagePartition(writtenAt.slice(0, 16)), sk: `PAGE#${writtenAt}#${id}` });
/** The page partitions written in from `since` to `until`, oldest first. */
export function pageMinutes(since: Date, until: Date): string[] {
  const minutes: string[] = [];
  for (let t = Math.floor(since.getTime() / 60_000) * 60_000; t <= until.getTime(); t += 60_000) minutes.push(new Date(t).toISOString().slice(0, 16));
  return minutes;
}

export const stateIndexKey = (state: LifecycleState, id: string) => `STATE#${state}#${shardOf(id)}`;
export const cellIndexKey = (cellId: string) => `CELL#${cellId}`;
export const silenceIndexKey = (id: string) => `SILENT#${shardOf(id)}`;
export const clusterIndexKey = (cluster: string) => `CLUSTER#${cluster}`;
export const imageIndexKey = (name: string, version: string) => `IMAGE#${name}:${version}`;

export const INDEX = {
  byState: 'byState',
  byCell: 'byCell',
  bySilence: 'bySilence',
  byCluster: 'byCluster',
  byImage: 'byImage',
} as const;
