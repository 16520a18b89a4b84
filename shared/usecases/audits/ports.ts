/**
 * The audits' ports: what the audit and advisory use cases (shared/usecases/audits/) call on the outside besides
 * the ledger's, in domain types. The DynamoDB adapters implement them (AuditRunStore, AuditFindings, FleetScanner,
 * AdvisoryStore, ImageIndex), and SqsSegmentQueue the segment queue.
 */
import type { AuditRun, RunTotals, SegmentJob, ShardResult } from '../../domain/audit-runs/run.ts';
import type { RollState } from '../../domain/audit-runs/roll-progress.ts';
import type { Advisory } from '../../domain/audits/advisories.ts';
import type { Finding } from '../../domain/audits/finding.ts';
import type { RollWave } from '../../domain/audits/roll.ts';
import type { RunSummary } from '../../domain/compliance/types.ts';
import type { Instance, LifecycleState, Role, Service } from '../../domain/instance.ts';

/** Audit runs and their shards. Recording a shard twice is `'duplicate'`; completing twice is `'already'`. */
export interface AuditRunPort {
  /** Records a new run; 'exists' when this run id was already recorded (a redelivered start). */
  create(run: AuditRun): Promise<'created' | 'exists'>;
  get(runId: string): Promise<AuditRun | undefined>;
  /** The newest run, in any status. */
  latest(): Promise<AuditRun | undefined>;
  /** The newest completed run: what a report shows when no run is named. */
  latestCompleted(): Promise<AuditRun | undefined>;
  /** The newest completed run that started before `runId`: what "changes since last run" compares with. */
  previousCompleted(runId: string): Promise<AuditRun | undefined>;
  shardDone(runId: string, segment: number): Promise<boolean>;
  recordShard(result: ShardResult, startedAt: string): Promise<'recorded' | 'duplicate'>;
  shards(runId: string): Promise<ShardResult[]>;
  /** Completes a running run with its summary; 'already' when another delivery completed it first. */
  complete(runId: string, done: { summary: RunSummary; totals: RunTotals; finishedAt: string }): Promise<'completed' | 'already'>;
}

export interface FindingsPort {
  /** Stores one segment's findings (rewriting them is harmless); returns how many. */
  write(runId: string, segment: number, findings: Iterable<Finding>, at: string): Promise<number>;
}

export interface SegmentRead {
  instances: Instance[];
  /** Scan requests made (pages of at most 1 MB). */
  pages: number;
}

/** What the zone-spread check needs to know of a cluster member; `indexClusters` takes these. */
export type MemberRow = Pick<Instance, 'id' | 'role' | 'zone' | 'state'>;

/** The fleet, read one scan segment at a time, and the members of named clusters. */
export interface FleetScanPort {
  segment(segment: number, totalSegments: number): Promise<SegmentRead>;
  clusterMembers(clusters: readonly string[], concurrency?: number): Promise<MemberRow[]>;
}

export interface StoredAdvisory {
  advisory: Advisory;
  roll?: RollState;
}

/** Advisories, and their rolls onto the fixed image wave by wave. */
export interface AdvisoryPort {
  put(advisory: Advisory): Promise<'created' | 'exists'>;
  /** Names the fixed image of an advisory recorded without one; false if it has one already (or is gone). */
  addFixedImage(id: string, fixedImage: NonNullable<Advisory['fixedImage']>): Promise<boolean>;
  get(id: string): Promise<StoredAdvisory | undefined>;
  list(): Promise<StoredAdvisory[]>;
  /** Writes the roll plan's waves; rewriting the same plan is harmless. */
  putWaves(advisoryId: string, planId: string, waves: readonly RollWave[]): Promise<void>;
  wave(advisoryId: string, planId: string, index: number): Promise<RollWave | undefined>;
  /** Starts the roll once; 'exists' when a roll was already started (its waves were written first). */
  startRoll(advisoryId: string, roll: RollState): Promise<'started' | 'exists'>;
  /** Replaces the roll state if it still is at `expected` (wave and raised wave); false if it moved. */
  moveRoll(advisoryId: string, expected: Pick<RollState, 'currentWave' | 'raisedWave'>, next: RollState): Promise<boolean>;
}

export interface ImageRow {
  id: string;
  /** `name:version` */
  image: string;
  state: LifecycleState;
  service: Service;
  zone: string;
  role: Role;
}

/** Instances by the image they run. */
export interface ImageIndexPort {
  /** Instances on any of `images` (`name:version`) that `keep` accepts, at most `limit`, image by image. */
  instancesOn(images: readonly string[], limit?: number, keep?: (row: ImageRow) => boolean): Promise<ImageRow[]>;
  /** Instance records by id; ids with no record are left out of the map. */
  instances(ids: readonly string[]): Promise<Map<string, Instance>>;
}

/** The audit queue: one message per scan segment of a run. */
export interface SegmentQueue {
  sendSegments(jobs: readonly SegmentJob[]): Promise<void>;
}
