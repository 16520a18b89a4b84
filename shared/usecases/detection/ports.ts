/**
 * Detection's ports: what shared/usecases/heartbeats.ts, sweeper.ts, detection.ts and intake.ts call on the
 * outside, in domain types. LivenessStore, ObserverStore (DynamoDB) and QueueBacklog (SQS) implement them.
 */
import type { InstanceObservation } from '../../domain/facts.ts';
import type { LifecycleState, Service } from '../../domain/instance.ts';
import type { MemberLiveness } from '../../domain/liveness.ts';
import type { DetectionState } from '../../domain/observer/hold.ts';
import type { IntakeMark, ObserverGap } from '../../domain/observer/watermark.ts';
import type { MembershipPort } from '../ledger/ports.ts';

export interface CellRecord {
  cellId: string;
  /** Where the cell is and what it hosts (recorded as members join), for telling a zone failure from an implausible one. */
  zone?: string;
  services: Service[];
  lastSeenAt?: string;
  digest?: string;
  attention: string[];
  metricsAt?: string;
}

export interface SilentMember extends MemberLiveness {
  version: number;
  cellId: string;
  service: Service;
}

/** A change to a cell's record: its membership digest, its snapshot time, the members needing attention. */
export interface CellChange {
  digest?: string;
  metricsAt?: string;
  addAttention?: string[];
  removeAttention?: string[];
}

/** One batch's steady reports, recorded together (shared/domain/report-pages.ts). */
export interface ReportPage {
  /** Names the page; the same batch redelivered writes the same page again. */
  id: string;
  writtenAt: string;
  /** cellId -> the time of its report. */
  cells: Record<string, string>;
  /** Epoch seconds, for DynamoDB's TTL. */
  expiresAt: number;
}

/** The report pages of the last minutes: the steady reports a cell's own record has not taken yet. */
export interface ReportPagesPort {
  /**
   * One cell's latest paged report (before `before`, if given) in the pages written from `since` to `until` (the
   * pages of `until`'s minute included whole).
   */
  lastPagedReport(cellId: string, since: Date, until: Date, before?: string): Promise<string | undefined>;
}

/** An instance's metrics and facts, written when its cell's snapshot is due (and after a verified remediation). */
export interface ObservationPort {
  recordObservation(instanceId: string, observation: InstanceObservation): Promise<void>;
}

/** Heartbeat intake's liveness: cell reports, missing members, single-instance heartbeats. */
export interface HeartbeatLivenessPort extends MembershipPort, ObservationPort, ReportPagesPort {
  /** The cell records of a batch, read consistently: what tells a steady report from a changed one. */
  cellsById(cellIds: readonly string[]): Promise<Map<string, CellRecord>>;
  /** Records one batch's steady reports as one page. */
  writePage(page: ReportPage): Promise<void>;
  /** The cell's record before this report, or undefined when the report is older than the one recorded. */
  recordCellReport(cellId: string, at: string): Promise<CellRecord | undefined>;
  updateCell(cellId: string, change: CellChange): Promise<void>;
  members(cellId: string): Promise<SilentMember[]>;
  /** False when the instance was already marked silent. */
  markSilent(instanceId: string, since: string): Promise<boolean>;
  clearSilent(instanceId: string): Promise<void>;
  recordInstanceHeartbeat(instanceId: string, at: string): Promise<LifecycleState | undefined>;
}

/** The sweeper's liveness: the small cell records and the sparse silence index. */
export interface SweepLivenessPort extends MembershipPort, ReportPagesPort {
  /** The latest paged report of every cell in the pages written from `since` to `until` (its minute whole). */
  pagedSince(since: Date, until: Date): Promise<Map<string, string>>;
  /** A stale cell judged from a paged report: its record takes that time (no-op when it has it or later). */
  carryLastSeen(cellId: string, at: string): Promise<void>;
  cells(): Promise<CellRecord[]>;
  cell(cellId: string): Promise<CellRecord | undefined>;
  members(cellId: string): Promise<SilentMember[]>;
  silentSince(before: string): Promise<SilentMember[]>;
  updateCell(cellId: string, change: CellChange): Promise<void>;
}

export interface ObserverRecord extends DetectionState {
  intake?: IntakeMark;
  gap?: ObserverGap;
  lastSweepAt?: string;
  version: number;
}

/** The detection hold and the observer's gaps, judged by each sweep. */
export interface ObserverPort {
  read(): Promise<ObserverRecord>;
  recordGap(gap: ObserverGap): Promise<void>;
  saveDetection(state: DetectionState, sweptAt: string, expectedVersion: number): Promise<boolean>;
  markAnnounced(since: string, at: string): Promise<void>;
}

/** The heartbeat consumers' intake mark. */
export interface IntakePort {
  advanceIntake(mark: IntakeMark, gapSeconds: number): Promise<ObserverGap | undefined>;
}

/** Reports waiting or in flight on the heartbeat queue; undefined when it cannot be read. */
export interface BacklogPort {
  waiting(): Promise<number | undefined>;
}
