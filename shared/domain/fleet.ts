import type { RoleKind } from './instance.ts';

/**
 * The port through which remediation touches real instances. Only fleet providers (adapters) implement
 * it: the simulator for local runs and tests, the HTTP control-plane provider for real deployments.
 */
export const FLEET_ACTIONS = [
  'restart',
  'failover',
  'replace',
  'rebuild-replica',
  'grow-storage',
  'take-backup',
  'rotate-credentials',
  'enforce-tls',
] as const;
export type FleetActionKind = (typeof FLEET_ACTIONS)[number];

export interface FleetAction {
  kind: FleetActionKind;
  instanceId: string;
  /** Same key, same effect: a provider must not act twice for one key. */
  idempotencyKey: string;
  params?: Record<string, string | number | boolean>;
}

export interface ActionReceipt {
  operationId: string;
  /** `replace` answers with the instance that takes over; `failover` with the promoted replica. */
  newInstanceId?: string;
  detail?: string;
}

/** What the control plane sees of an instance right now; used to verify a remedy really worked. */
export interface HealthProbe {
  instanceId: string;
  at: string;
  reachable: boolean;
  healthy: boolean;
  replicationLagSeconds?: number;
  diskPct?: number;
  connectionsPct?: number;
  /** Its role in its cluster now: a failover is verified by the promoted replica answering as primary. */
  role?: RoleKind;
  /** Evidence that in-place remedies took effect: TLS enforced, a backup taken, credentials rotated. */
  tlsEnforced?: boolean;
  lastBackupAt?: string;
  credentialsRotatedAt?: string;
}

export interface FleetProvider {
  readonly name: string;
  perform(action: FleetAction): Promise<ActionReceipt>;
  probe(instanceId: string): Promise<HealthProbe>;
}
