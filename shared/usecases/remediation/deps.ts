/** What the remediation planner and workers need. Runtime wiring: shared/runtime/remediation-deps.ts. */
import type { FleetProvider } from '../../domain/fleet.ts';
import type { PlaybookSet } from '../../domain/playbooks/registry.ts';
import type { AgendaTimings } from '../../domain/remediation/agenda.ts';
import type { SafetyConfig } from '../../domain/safety/config.ts';
import type { ConditionDeps } from '../conditions.ts';
import type { ObservationPort } from '../detection/ports.ts';
import type { InstanceFinderPort, InstanceListPort, InstanceStorePort, InventoryPort, MembershipPort } from '../ledger/ports.ts';
import type { EndedTasks } from './ended-tasks.ts';
import type { FleetSizes } from './fleet-sizes.ts';
import type {
  ClusterPort,
  EscalationPort,
  FreezePort,
  IncidentPort,
  LeasePort,
  OutcomePort,
  SignalPort,
  TaskQueue,
  TaskStorePort,
} from './ports.ts';

export interface RemediationSettings {
  safety: SafetyConfig;
  timings: AgendaTimings;
  /** Seconds between probes while a step is being verified (default 15). */
  probeIntervalSeconds: number;
}

export interface RemediationStores {
  tasks: TaskStorePort;
  leases: LeasePort;
  freezes: FreezePort;
  incidents: IncidentPort;
  outcomes: OutcomePort;
  escalations: EscalationPort;
  signals: SignalPort;
  clusters: ClusterPort;
}

export interface PlannerDeps extends ConditionDeps, RemediationStores {
  store: InstanceStorePort & InstanceFinderPort;
  /** A verified step records the instance's metrics and facts. */
  liveness: MembershipPort & ObservationPort;
  queries: InventoryPort & InstanceListPort;
  queue: TaskQueue;
  playbooks: PlaybookSet;
  settings: RemediationSettings;
  sizes: FleetSizes;
}

export interface WorkerDeps extends PlannerDeps {
  provider: FleetProvider;
  ended: EndedTasks;
}
