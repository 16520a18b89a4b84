/**
 * What remediation costs, in DynamoDB and SQS requests per task, as the number of raised conditions grows. N
 * instances crash and have `down` raised; then, measured phase by phase:
 * - planning: the planner's use case once per ConditionRaised (EventBridge invokes it once per event);
 * - a planner tick with the whole backlog on its agenda (nothing due yet);
 * - working: the remediation worker's record handler behind an SQS poller that batches as Lambda's event source
 *   mapping does, until every task has ended: restart, a first probe that still finds the instance down (a
 *   restart takes a while), a delayed message, a second probe that verifies it;
 * - an idle tick, the agenda empty again.
 * The blast-radius budget is opened to the whole fleet so that every task runs at once: budget waits are not
 * what this measures.
 */
import { ClusterQueries } from '../shared/adapters/dynamo/cluster-queries.ts';
import { ConditionStore } from '../shared/adapters/dynamo/condition-store.ts';
import { EscalationStore } from '../shared/adapters/dynamo/escalation-store.ts';
import { FreezeStore } from '../shared/adapters/dynamo/freeze-store.ts';
import { IncidentStore } from '../shared/adapters/dynamo/incident-store.ts';
import { InstanceQueries } from '../shared/adapters/dynamo/instance-queries.ts';
import { InstanceStore } from '../shared/adapters/dynamo/instance-store.ts';
import { LeaseStore } from '../shared/adapters/dynamo/lease-store.ts';
import { LivenessStore } from '../shared/adapters/dynamo/liveness-store.ts';
import { OutcomeStore } from '../shared/adapters/dynamo/outcome-store.ts';
import { SignalStore } from '../shared/adapters/dynamo/signal-store.ts';
import { TaskStore } from '../shared/adapters/dynamo/task-store.ts';
import { SimulatedFleet, SimulatorProvider } from '../sim/index.ts';
import { QueueSender } from '../shared/adapters/sqs/queue-sender.ts';
import { conditionRaised } from '../shared/domain/events.ts';
import type { FleetProvider } from '../shared/domain/fleet.ts';
import { loadPlaybooks } from '../shared/domain/playbooks/registry.ts';
import { AgendaTimingsSchema } from '../shared/domain/remediation/agenda.ts';
import { SafetyConfigSchema } from '../shared/domain/safety/config.ts';
import { taskQueue } from '../shared/runtime/remediation-deps.ts';
import { remediationRecordHandler } from '../shared/runtime/remediation-record.ts';
import { processSqsBatch } from '../shared/runtime/sqs-batch.ts';
import { conditionRaisedDetail } from '../shared/schemas/remediation.ts';
import { raiseCondition } from '../shared/usecases/conditions.ts';
import { recordTransition, registerInstance } from '../shared/usecases/ledger.ts';
import type { WorkerDeps } from '../shared/usecases/remediation/deps.ts';
import { EndedTasks } from '../shared/usecases/remediation/ended-tasks.ts';
import { FleetSizes } from '../shared/usecases/remediation/fleet-sizes.ts';
import { planFromCondition } from '../shared/usecases/remediation/plan.ts';
import { runPlannerTick } from '../shared/usecases/remediation/tick.ts';
import { startPoller } from '../local/sqs-poller.ts';
import { CountingPublisher, inParallel, measure, type BenchStack, type PhaseCounts } from './harness.ts';

const system = { kind: 'system', id: 'bench' } as const;
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const ENDED = ['RemediationSucceeded', 'RemediationFailed'];
/** As serverless.yml wires the worker: batches of 10, five records at a time, five receives before the DLQ. */
const BATCH_SIZE = 10;
const RECORD_CONCURRENCY = 5;
const MAX_ATTEMPTS = 5;
/** Concurrent worker invocations (Lambda scales pollers with the backlog; four keep DynamoDB Local busy). */
const POLLERS = 4;

export interface RemediationRow {
  tasks: number;
  planning: PhaseCounts;
  backlogTick: PhaseCounts & { agenda: number };
  working: PhaseCounts & { deliveries: number; invocations: number };
  idleTick: PhaseCounts & { agenda: number };
  outcomes: Record<string, number>;
}

export async function benchRemediation(base: BenchStack, tasks: number): Promise<RemediationRow> {
  const stack = await base.fresh(`remediation${tasks}`);
  const prefix = `r${tasks}`;
  const events = new CountingPublisher();
  const fleet = new SimulatedFleet({ now: () => new Date(), seed: 7 });
  const deps = workerDeps(stack, events, slowToComeBack(new SimulatorProvider(fleet)));
  const ids = Array.from({ length: tasks }, (_, i) => `${prefix}-${i}`);
  const raised = await crashedWithDownRaised(deps, fleet, ids, prefix);

  const planning = await measure(stack, events, () => inParallel(raised, 16, (detail) => planFromCondition(deps, detail)));
  let backlog = 0;
  const backlogTick = await measure(stack, events, async () => void ({ agenda: backlog } = await runPlannerTick(deps)));

  let deliveries = 0;
  let invocations = 0;
  const handle = remediationRecordHandler(deps, MAX_ATTEMPTS, () => 60_000);
  const batch = { sqs: stack.sqs, deadLetterQueueUrl: stack.queueUrl('RemediationDeadLetterQueue'), maxAttempts: MAX_ATTEMPTS, concurrency: RECORD_CONCURRENCY };
  const working = await measure(stack, events, async () => {
    const pollers = Array.from({ length: POLLERS }, () => startPoller({
      sqs: stack.sqs,
      queueUrl: stack.queueUrl('RemediationQueue'),
      queueArn: stack.resources.RemediationQueue?.attrs.Arn ?? '',
      region: 'us-east-1',
      batchSize: BATCH_SIZE,
      reportBatchItemFailures: true,
      invoke: (event) => {
        invocations += 1;
        deliveries += event.Records.length;
        return processSqsBatch(event, handle, batch);
      },
      onError: (error) => console.error('remediation bench: poller', error),
    }));
    try {
      await events.waitFor(ENDED, tasks, 300_000);
    } finally {
      await Promise.all(pollers.map((p) => p.stop()));
    }
  });
  const outcomes = Object.fromEntries(ENDED.map((type) => [type, events.byType.get(type) ?? 0]));
  let left = 0;
  const idleTick = await measure(stack, events, async () => void ({ agenda: left } = await runPlannerTick(deps)));
  return {
    tasks,
    planning,
    backlogTick: { ...backlogTick, agenda: backlog },
    working: { ...working, deliveries, invocations },
    idleTick: { ...idleTick, agenda: left },
    outcomes,
  };
}

/** Registers the instances (available), crashes them and raises `down` as the sweeper would; returns the planner's events. */
async function crashedWithDownRaised(deps: WorkerDeps, fleet: SimulatedFleet, ids: string[], prefix: string) {
  const raised: ReturnType<typeof conditionRaisedDetail.parse>[] = [];
  await inParallel(ids.map((id, i) => ({ id, i })), 48, async ({ id, i }) => {
    const { service, plan, region, zone, cellId, image, role } = fleet.add({ id, service: 'postgres', zone: ZONES[i % 3] ?? 'us-east-1a', cellId: `${prefix}-cell-${i % 10}` });
    await registerInstance(deps, { id, service, plan, region, zone, cellId, image, role }, { actor: system, reason: 'bench', cause: { kind: 'created', id } });
    await recordTransition(deps, id, 'available', { actor: system, reason: 'bench', cause: { kind: 'ready', id } });
    fleet.crash(id);
    await raiseCondition(deps, await deps.store.get(id), 'down', { raisedAt: new Date().toISOString(), source: 'sweeper' });
    const instance = await deps.store.get(id);
    const record = instance.conditions?.down;
    if (record === undefined) throw new Error(`remediation bench: down was not raised on ${id}`);
    const event = conditionRaised(instance, 'down', record);
    raised.push(conditionRaisedDetail.parse({ ...event.detail, dedupeKey: event.dedupeKey }));
  });
  return raised;
}

/** A restart takes a while: the first probe after an action still finds the instance down, the next one up. */
function slowToComeBack(inner: FleetProvider): FleetProvider {
  const acted = new Set<string>();
  return {
    name: inner.name,
    perform: async (action) => {
      acted.add(action.instanceId);
      return inner.perform(action);
    },
    probe: async (instanceId) => {
      const probe = await inner.probe(instanceId);
      return acted.delete(instanceId) ? { ...probe, reachable: false, healthy: false } : probe;
    },
  };
}

/** The worker's dependencies as shared/runtime/remediation-deps.ts wires them, on the bench's counted clients. */
function workerDeps(stack: BenchStack, events: CountingPublisher, provider: FleetProvider): WorkerDeps {
  const { doc, table } = stack;
  const clock = () => new Date();
  const queries = new InstanceQueries(doc, table);
  return {
    store: new InstanceStore(doc, table),
    queries,
    liveness: new LivenessStore(doc, table),
    conditions: new ConditionStore(doc, table),
    tasks: new TaskStore(doc, table),
    freezes: new FreezeStore(doc, table),
    incidents: new IncidentStore(doc, table),
    leases: new LeaseStore(doc, table),
    outcomes: new OutcomeStore(doc, table),
    escalations: new EscalationStore(doc, table),
    signals: new SignalStore(doc, table),
    clusters: new ClusterQueries(doc, table),
    queue: taskQueue(new QueueSender(stack.sqs, stack.queueUrl('RemediationQueue'))),
    playbooks: loadPlaybooks(),
    settings: {
      safety: SafetyConfigSchema.parse({ budget: { fleetShare: 1, serviceShare: 1, zoneShare: 1 } }),
      timings: AgendaTimingsSchema.parse({}),
      probeIntervalSeconds: 1,
    },
    sizes: new FleetSizes(queries, clock),
    provider,
    ended: new EndedTasks(),
    events,
    clock,
  };
}
