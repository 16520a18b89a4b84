/**
 * The deps objects the runtime wires (shared/runtime/*-deps.ts), built over the memory adapters of one world
 * instead of DynamoDB, SQS and EventBridge: for use-case tests that check logic, not DynamoDB's behaviour (the
 * contract suite, test/contract, keeps the two kinds of adapter alike).
 */
import type { ConditionStore } from '../shared/adapters/dynamo/condition-store.ts';
import type { FreezeStore } from '../shared/adapters/dynamo/freeze-store.ts';
import type { IncidentStore } from '../shared/adapters/dynamo/incident-store.ts';
import type { InstanceQueries } from '../shared/adapters/dynamo/instance-queries.ts';
import type { LivenessStore } from '../shared/adapters/dynamo/liveness-store.ts';
import type { ObserverStore } from '../shared/adapters/dynamo/observer-store.ts';
import type { TaskStore } from '../shared/adapters/dynamo/task-store.ts';
import type { InstanceStore } from '../shared/adapters/dynamo/instance-store.ts';
import type { OperatorAuditLog } from '../shared/adapters/dynamo/operator-audit-log.ts';
import { memoryAuditStores, memoryLedgerStores, memoryRemediationStores, MemoryBacklog, MemoryEventBus, MemoryQueue, MemorySegmentQueue, MemoryTables, type PublicApi } from '../shared/adapters/memory/index.ts';
import { MemoryAlarmLog } from '../shared/adapters/memory/alarm-log.ts';
import { MemoryOperatorAuditLog } from '../shared/adapters/memory/operator-audit-log.ts';
import type { QueueSender } from '../shared/adapters/sqs/queue-sender.ts';
import type { AlarmMappingConfig } from '../shared/domain/alarms/index.ts';
import type { FleetProvider } from '../shared/domain/fleet.ts';
import { DEFAULT_THRESHOLDS, type ThresholdsByService } from '../shared/domain/liveness.ts';
import { DEFAULT_OBSERVER, type ObserverConfig } from '../shared/domain/observer/hold.ts';
import { DEFAULT_REFRESH_SECONDS, reportPaging } from '../shared/domain/report-pages.ts';
import type { PlaybookSet } from '../shared/domain/playbooks/registry.ts';
import type { OperatorDeps } from '../shared/operator/command.ts';
import type { RuntimeDeps } from '../shared/runtime/deps.ts';
import type { DetectionDeps } from '../shared/runtime/detection-deps.ts';
import { taskQueue } from '../shared/runtime/remediation-deps.ts';
import type { AlarmIntakeDeps } from '../shared/usecases/alarms/deps.ts';
import type { AuditConfig, AuditDeps } from '../shared/usecases/audits/deps.ts';
import type { HeartbeatDeps } from '../shared/usecases/heartbeats.ts';
import { IntakeMeter, type IntakeDeps } from '../shared/usecases/intake.ts';
import type { RemediationSettings, WorkerDeps } from '../shared/usecases/remediation/deps.ts';
import { EndedTasks } from '../shared/usecases/remediation/ended-tasks.ts';
import { FleetSizes } from '../shared/usecases/remediation/fleet-sizes.ts';
import type { PlanSweepDeps } from '../shared/usecases/sweeper.ts';

/**
 * The use cases depend on ports, which the memory adapters satisfy as they are. RuntimeDeps and OperatorDeps
 * (shared/runtime/deps.ts, shared/operator/command.ts) still name the DynamoDB classes, whose private members make
 * them nominal: there a memory adapter that implements the class's whole public API (`PublicApi<T>`, checked here)
 * is handed over as the class.
 */
function asPort<T>(adapter: PublicApi<T>): T {
  return adapter as unknown as T;
}

/** One memory world: its tables, its clock, the bus and queues that record what was published and sent. */
export interface MemoryWorld {
  db: MemoryTables;
  clock: () => Date;
  events: MemoryEventBus;
}

export function memoryWorld(clock: () => Date = () => new Date()): MemoryWorld {
  return { db: new MemoryTables(clock), clock, events: new MemoryEventBus() };
}

/** runtime/deps.ts's runtimeDeps: the stores every function shares, the bus and the clock. */
export function memoryRuntimeDeps(world: MemoryWorld): RuntimeDeps {
  const s = memoryLedgerStores(world.db);
  return {
    store: asPort<InstanceStore>(s.store),
    liveness: asPort<LivenessStore>(s.liveness),
    queries: asPort<InstanceQueries>(s.queries),
    tasks: asPort<TaskStore>(s.tasks),
    freezes: asPort<FreezeStore>(s.freezes),
    incidents: asPort<IncidentStore>(s.incidents),
    observer: asPort<ObserverStore>(s.observer),
    conditions: asPort<ConditionStore>(s.conditions),
    events: world.events,
    clock: world.clock,
  };
}

export interface RemediationWiring {
  playbooks: PlaybookSet;
  settings: RemediationSettings;
  provider: FleetProvider;
  /** The remediation queue (default: a new MemoryQueue, whose `sent` is what the planner and the worker sent; the twin's SimQueue). */
  queue?: Pick<QueueSender, 'send'>;
  /** How long fleet sizes are cached (runtime default 60 s). */
  sizesTtlSeconds?: number;
}

/** runtime/remediation-deps.ts's workerDeps (which includes the planner's). */
export function memoryWorkerDeps(world: MemoryWorld, wiring: RemediationWiring, base = memoryRuntimeDeps(world)): WorkerDeps {
  const r = memoryRemediationStores(world.db);
  return {
    ...base,
    leases: r.leases,
    outcomes: r.outcomes,
    escalations: r.escalations,
    signals: r.signals,
    clusters: r.clusters,
    queue: taskQueue(wiring.queue ?? new MemoryQueue('memory://remediation-queue')),
    playbooks: wiring.playbooks,
    settings: wiring.settings,
    sizes: new FleetSizes(base.queries, world.clock, wiring.sizesTtlSeconds ?? 60),
    provider: wiring.provider,
    ended: new EndedTasks(),
  };
}

export interface DetectionWiring {
  thresholds?: ThresholdsByService;
  observerConfig?: ObserverConfig;
  /** The heartbeat queue's backlog (default: empty, so the watermark is the clock). */
  backlog?: MemoryBacklog;
  metricsSnapshotSeconds?: number;
  /** How often intake records its mark (runtime: INTAKE_MARK_SECONDS; default 0, every batch). */
  intakeMarkSeconds?: number;
  /** How long a steady cell's record may go unwritten while its reports are paged (0: no paging; default as deployed). */
  refreshSeconds?: number;
}

/** runtime/detection-deps.ts's sweeperDeps (which includes detection's). */
export function memoryDetectionDeps(world: MemoryWorld, wiring: DetectionWiring = {}, base = memoryRuntimeDeps(world)): DetectionDeps & PlanSweepDeps {
  const thresholds = wiring.thresholds ?? { postgres: DEFAULT_THRESHOLDS, redis: DEFAULT_THRESHOLDS, kafka: DEFAULT_THRESHOLDS };
  const observerConfig = wiring.observerConfig ?? DEFAULT_OBSERVER;
  const refresh = wiring.refreshSeconds ?? DEFAULT_REFRESH_SECONDS;
  return {
    ...base,
    thresholds,
    // As deployed: steady reports of a batch are paged, and the sweeper reads the pages.
    ...(refresh === 0 ? {} : { paging: reportPaging(thresholds, observerConfig.lagSeconds, refresh) }),
    metricsSnapshotSeconds: wiring.metricsSnapshotSeconds ?? 86_400,
    intakeMeter: new IntakeMeter(wiring.intakeMarkSeconds ?? 0),
    observerConfig,
    backlog: wiring.backlog ?? new MemoryBacklog(),
  };
}

/** runtime/audit-deps.ts's buildAuditDeps; the segments sent are on `segments.queue`. */
export function memoryAuditDeps(world: MemoryWorld, config: AuditConfig, segments = new MemorySegmentQueue(), base = memoryRuntimeDeps(world)): AuditDeps & { segments: MemorySegmentQueue } {
  const a = memoryAuditStores(world.db);
  return {
    ...base,
    runs: a.runs,
    findings: a.findings,
    scanner: a.scanner,
    advisories: a.advisories,
    images: a.images,
    segments,
    config,
  };
}

/** runtime/operator-deps.ts's operatorDeps. */
export function memoryOperatorDeps(world: MemoryWorld, base = memoryRuntimeDeps(world)): OperatorDeps {
  return { ...base, audit: asPort<OperatorAuditLog>(new MemoryOperatorAuditLog(world.db)) };
}

/** runtime/alarm-intake.ts's alarmIntakeDeps. */
export function memoryAlarmIntakeDeps(world: MemoryWorld, mapping: AlarmMappingConfig, base = memoryRuntimeDeps(world)): AlarmIntakeDeps {
  return { ...base, alarmLog: new MemoryAlarmLog(world.db), mapping };
}
