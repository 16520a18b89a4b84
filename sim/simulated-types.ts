import type { ReportedFacts } from '../shared/domain/facts.ts';
import type { FleetActionKind } from '../shared/domain/fleet.ts';
import type { ImageRef, Instance, Service } from '../shared/domain/instance.ts';

/** One instance as the simulator models it: the ground truth that heartbeats and probes report from. */
export interface SimulatedInstance extends Pick<Instance, 'id' | 'service' | 'plan' | 'region' | 'zone' | 'cellId' | 'role' | 'image'> {
  /** The process answers and serves. */
  healthy: boolean;
  /** Its agent reports heartbeats (a silenced instance may still be healthy). */
  reachable: boolean;
  /** False once the instance is stopped (after `replace`): it never reports again. */
  running: boolean;
  /** An old primary fenced by failover: it serves nothing until its replica is rebuilt. */
  fenced: boolean;
  diskPct: number;
  storageGb: number;
  lagSeconds: number;
  connectionsPct: number;
  cpuPct: number;
  memoryPct: number;
  tlsEnforced: boolean;
  /** Reachable from the internet (the simulator's instances never are unless a test says so). */
  publiclyReachable: boolean;
  lastBackupAt?: string;
  credentialsRotatedAt?: string;
  /** Set by `replace`: the instance that took over from this one. */
  replacedBy?: string;
  /** Set by `flap`: alternates down/up every `periodMs`, starting down at `sinceMs`. */
  flap?: { periodMs: number; sinceMs: number };
}

/** What a test or the local stack supplies to add an instance; everything else gets a healthy default. */
export type SimulatedInstanceSpec = Pick<SimulatedInstance, 'id' | 'service' | 'zone' | 'cellId'> &
  Partial<Omit<SimulatedInstance, 'id' | 'service' | 'zone' | 'cellId'>>;

export interface HeartbeatMetrics {
  cpuPct: number;
  memoryPct: number;
  diskPct: number;
  connectionsPct: number;
  replicationLagSeconds?: number;
}

/** One cell agent's report: every instance of the cell that is alive right now. */
export interface CellHeartbeat {
  cellId: string;
  at: string;
  instances: { id: string; metrics?: HeartbeatMetrics; facts?: ReportedFacts }[];
}

export type ActionFaultMode = 'fail' | 'timeout' | 'no-effect';

/**
 * A fault for matching actions. `fail`: the control plane reports the action failed (rejected, 422).
 * `timeout`: no answer (the provider sees a timeout; nothing happened). `no-effect`: it reports success but
 * changes nothing, so only verification can tell. `times` defaults to every matching action until cleared.
 */
export interface ActionFault {
  kind?: FleetActionKind;
  instanceId?: string;
  mode: ActionFaultMode;
  times?: number;
}

/** One action the fleet accepted (acted on), in order; replays of a known idempotency key are not listed. */
export interface PerformedAction {
  kind: FleetActionKind;
  instanceId: string;
  idempotencyKey: string;
  at: string;
  operationId: string;
  /** False when a `no-effect` fault swallowed it. */
  effective: boolean;
}

/** The simulator's mutable world, shared by the fleet and its action handlers. */
export interface FleetState {
  instances: Map<string, SimulatedInstance>;
  failedZones: Set<string>;
  silentCells: Set<string>;
  /** The image `replace` installs per service: the fixed image once an advisory is published. */
  images: Map<Service, ImageRef>;
  /** Numbers ids of replacement instances. */
  nextReplacement: number;
  /** What each instance's agent last reported of its facts (as JSON): agents report facts when they change. */
  reportedFacts: Map<string, string>;
}
