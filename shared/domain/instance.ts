/**
 * The instance record: what Fleetwarden knows about one managed data-service instance.
 * Times are ISO-8601 strings (UTC) so that records round-trip through DynamoDB and JSON unchanged.
 */
export const SERVICES = ['postgres', 'redis', 'kafka'] as const;
export type Service = (typeof SERVICES)[number];

export const LIFECYCLE_STATES = [
  'installing',
  'available',
  'uncertain',
  'unavailable',
  'restart',
  'upgrading',
  'retiring',
  'retired',
  'archived',
  'terminated',
] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

export const ROLE_KINDS = ['primary', 'replica', 'standalone'] as const;
export type RoleKind = (typeof ROLE_KINDS)[number];

export interface Role {
  kind: RoleKind;
  /** The cluster (replication group) this instance belongs to; absent for standalone instances. */
  cluster?: string;
}

export interface ImageRef {
  name: string;
  version: string;
}

/** Conditions are what detection raises and remediation answers: `down`, `disk-full`, `backup-stale`, ... */
export type ConditionName = string;

export interface ConditionRecord {
  raisedAt: string;
  /** Where it came from: an alarm ARN, `sweeper`, an audit run id. */
  source: string;
  evidence?: string;
  /** Remediation must not start before this (a finding scheduled into the maintenance window). */
  notBefore?: string;
  /**
   * Raised for a dry run (`warden remediate --dry-run`): its task records what it would do and acts on nothing,
   * and the condition is cleared when that task ends.
   */
  dryRun?: boolean;
}

export interface MaintenanceWindow {
  /** 0 = Sunday ... 6 = Saturday, UTC. */
  dayOfWeek: number;
  startHour: number;
  durationHours: number;
}

export interface MetricsSnapshot {
  at: string;
  cpuPct?: number;
  memoryPct?: number;
  diskPct?: number;
  connectionsPct?: number;
  /** A replica's lag as its agent reported it; `replication.lagSeconds` follows it (shared/domain/facts.ts). */
  replicationLagSeconds?: number;
}

export interface Instance {
  id: string;
  service: Service;
  plan: string;
  region: string;
  zone: string;
  /** The host or cell whose agent reports this instance's heartbeats. */
  cellId: string;
  image: ImageRef;
  role: Role;
  state: LifecycleState;
  /** Incremented by every transition; writes are conditional on it. Starts at 1 on registration. */
  version: number;
  stateSince: string;
  createdAt: string;
  /** Set when the instance went missing from its cell's heartbeat while the cell kept reporting. */
  silentSince?: string;
  lastHeartbeatAt?: string;
  backup?: { lastSuccessAt?: string; lastRestoreTestAt?: string };
  replication?: { lagSeconds?: number; replicaCount?: number };
  tls?: { enforced: boolean };
  credentials?: { rotatedAt: string };
  network?: { publiclyReachable: boolean };
  metrics?: MetricsSnapshot;
  maintenanceWindow?: MaintenanceWindow;
  conditions?: Record<ConditionName, ConditionRecord>;
  tags?: Record<string, string>;
}

/** Who asked for a change. `id` names the alarm, schedule, engineer or component. */
export interface Actor {
  kind: 'alarm' | 'schedule' | 'engineer' | 'system';
  id: string;
}

/**
 * What caused a change: the alarm, heartbeat, finding, task or command behind it. `kind:id` is the
 * idempotency key: the same cause is recorded once, however often it is delivered.
 */
export interface Cause {
  kind: string;
  id: string;
}

export function causeKey(cause: Cause): string {
  return `${cause.kind}:${cause.id}`;
}

export interface HistoryEntry {
  instanceId: string;
  /** The instance version this entry produced; history is gap-free because versions are. */
  version: number;
  from: LifecycleState | null;
  to: LifecycleState;
  at: string;
  actor: Actor;
  reason: string;
  cause: Cause;
  /** Set on a transition the table forbids, forced by an engineer through break glass. */
  breakGlass?: { ticket: string };
}
