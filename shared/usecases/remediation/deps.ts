/** What the remediation planner and workers need. Runtime wiring: shared/runtime/remediation-deps.ts. */
import type { ClusterQueries } from '../../adapters/dynamo/cluster-queries.ts';
import type { EscalationStore } from '../../adapters/dynamo/escalation-store.ts';
import type { FreezeStore } from '../../adapters/dynamo/freeze-store.ts';
import type { IncidentStore } from '../../adapters/dynamo/incident-store.ts';
import type { InstanceQueries } from '../../adapters/dynamo/instance-queries.ts';
import type { LeaseStore } from '../../adapters/dynamo/lease-store.ts';
import type { OutcomeStore } from '../../adapters/dynamo/outcome-store.ts';
import type { SignalStore } from '../../adapters/dynamo/signal-store.ts';
import type { TaskStore } from '../../adapters/dynamo/task-store.ts';
import type { FleetProvider } from '../../domain/fleet.ts';
import type { PlaybookSet } from '../../domain/playbooks/registry.ts';
import type { AgendaTimings } from '../../domain/remediation/agenda.ts';
import type { SafetyConfig } from '../../domain/safety/config.ts';
import type { ConditionDeps } from '../conditions.ts';
import type { EndedTasks } from './ended-tasks.ts';
import type { FleetSizes } from './fleet-sizes.ts';

export interface TaskMessage {
  taskId: string;
  delaySeconds?: number;
  /** The continuation token, when the message continues the task's chain (see continuation.ts). */
  continuation?: string;
}

/** Sends tasks to the remediation workers (one message per task; the task itself is in the table). */
export interface TaskQueue {
  send(messages: readonly TaskMessage[]): Promise<void>;
}

export interface RemediationSettings {
  safety: SafetyConfig;
  timings: AgendaTimings;
  /** Seconds between probes while a step is being verified (default 15). */
  probeIntervalSeconds: number;
}

export interface RemediationStores {
  tasks: TaskStore;
  leases: LeaseStore;
  freezes: FreezeStore;
  incidents: IncidentStore;
  outcomes: OutcomeStore;
  escalations: EscalationStore;
  signals: SignalStore;
  clusters: ClusterQueries;
}

export interface PlannerDeps extends ConditionDeps, RemediationStores {
  queries: InstanceQueries;
  queue: TaskQueue;
  playbooks: PlaybookSet;
  settings: RemediationSettings;
  sizes: FleetSizes;
}

export interface WorkerDeps extends PlannerDeps {
  provider: FleetProvider;
  ended: EndedTasks;
}
