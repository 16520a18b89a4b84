/**
 * Use-case dependencies on a test stack: the real DynamoDB adapters on DynamoDB Local, an injected clock, and
 * a publisher that keeps what was published (the EventBridge adapter has its own tests against the local bus).
 */
import { ConditionStore } from '../../shared/adapters/dynamo/condition-store.ts';
import { LivenessStore } from '../../shared/adapters/dynamo/liveness-store.ts';
import type { EventPublisher } from '../../shared/usecases/ledger/ports.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import { DEFAULT_THRESHOLDS, type ThresholdsByService } from '../../shared/domain/liveness.ts';
import { ObserverStore } from '../../shared/adapters/dynamo/observer-store.ts';
import { QueueBacklog } from '../../shared/adapters/sqs/queue-backlog.ts';
import { DEFAULT_OBSERVER, type ObserverConfig } from '../../shared/domain/observer/hold.ts';
import { reportPaging } from '../../shared/domain/report-pages.ts';
import type { HeartbeatDeps } from '../../shared/usecases/heartbeats.ts';
import { IntakeMeter, type IntakeDeps } from '../../shared/usecases/intake.ts';
import type { PlanSweepDeps } from '../../shared/usecases/sweeper.ts';
import type { TestStack } from './stack.ts';

export class RecordingPublisher implements EventPublisher {
  readonly events: DomainEvent[] = [];
  async publish(events: DomainEvent[]): Promise<void> {
    this.events.push(...events);
  }
  ofType(type: string): DomainEvent[] {
    return this.events.filter((e) => e.type === type);
  }
}

export class SettableClock {
  constructor(private now: Date) {}
  readonly read = () => new Date(this.now);
  set(iso: string): void {
    this.now = new Date(iso);
  }
  advance(seconds: number): void {
    this.now = new Date(this.now.getTime() + seconds * 1000);
  }
}

/** The production defaults (shared/runtime/observer-config.ts) for the default 30 s heartbeat interval. */
export const TEST_OBSERVER: ObserverConfig = DEFAULT_OBSERVER;

/**
 * Detection on a test stack: the real stores, and the backlog of the stack's real heartbeat queue (empty unless a
 * test sends to it), so the watermark is the clock unless a test puts reports in the queue and holds them there.
 */
export function detectionTestDeps(stack: TestStack, clock: SettableClock, thresholds?: ThresholdsByService, observerConfig = TEST_OBSERVER) {
  const events = new RecordingPublisher();
  const observer = new ObserverStore(stack.doc, stack.tableName);
  const byService = thresholds ?? { postgres: DEFAULT_THRESHOLDS, redis: DEFAULT_THRESHOLDS, kafka: DEFAULT_THRESHOLDS };
  // The adapters' own types, checked against the use cases' ports: tests read what the ports do not offer.
  const deps = {
    store: stack.store,
    liveness: new LivenessStore(stack.doc, stack.tableName),
    conditions: new ConditionStore(stack.doc, stack.tableName),
    events,
    clock: clock.read,
    thresholds: byService,
    // As deployed: steady reports of a batch are paged, and the sweeper reads the pages.
    paging: reportPaging(byService, observerConfig.lagSeconds),
    metricsSnapshotSeconds: 3600,
    observer,
    backlog: new QueueBacklog(stack.sqs, stack.queueUrl('HeartbeatQueue')),
    observerConfig,
    intakeMeter: new IntakeMeter(0),
  } satisfies HeartbeatDeps & PlanSweepDeps & IntakeDeps;
  return { deps, events, observer };
}
