/**
 * Fleetwarden's functions wired in the twin exactly as serverless.yml wires them in AWS (read with
 * loadServerlessConfig, as `npm start` reads it): each SQS queue of the template a SimQueue with its visibility
 * timeout, maxReceiveCount and dead-letter queue; each `sqs` event an EventSourceMapping with its batch size and
 * maximum concurrency; each `schedule` a simulated timer; each `eventBridge` rule a pattern (local/event-pattern.ts)
 * matched against what the functions publish, delivered asynchronously with Lambda's retries and the function's
 * onFailure destination. The handlers are the functions' own bodies (functions/<name>/handler.ts's factories) over
 * memory deps; only the deps differ from Lambda's.
 */
import { ChangeMessageVisibilityCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { heartbeatHandler } from '../functions/heartbeat/handler.ts';
import { plannerHandler } from '../functions/planner/handler.ts';
import { provisioningHandler } from '../functions/provisioning/handler.ts';
import { remediationWorkerHandler } from '../functions/remediationWorker/handler.ts';
import { sweeperHandler } from '../functions/sweeper/handler.ts';
import { sweepWorkerHandler } from '../functions/sweepWorker/handler.ts';
import { loadServerlessConfig, type ServerlessConfig } from '../local/serverless-config.ts';
import { matchesPattern } from '../local/event-pattern.ts';
import { MemoryBacklog, MemoryEventBus } from '../shared/adapters/memory/index.ts';
import type { OutgoingMessage } from '../shared/adapters/sqs/queue-sender.ts';
import { EVENT_SOURCE, type DomainEvent } from '../shared/domain/events.ts';
import { reportRefreshSecondsFromEnv, thresholdsFromEnv } from '../shared/runtime/liveness-config.ts';
import { observerConfigFromEnv } from '../shared/runtime/observer-config.ts';
import { playbooksFromEnv, remediationSettings } from '../shared/runtime/remediation-config.ts';
import { INTAKE_MARK_SECONDS, HEARTBEAT_RECORDS_IN_FLIGHT } from '../shared/runtime/detection-deps.ts';
import type { BatchOptions, SqsCommands } from '../shared/runtime/sqs-batch.ts';
import type { FleetProvider } from '../shared/domain/fleet.ts';
import type { MemoryTaskStore } from '../shared/adapters/memory/task-store.ts';
import type { RuntimeDeps } from '../shared/runtime/deps.ts';
import type { WorkerDeps } from '../shared/usecases/remediation/deps.ts';
import { EventSourceMapping } from './lambda.ts';
import { memoryDetectionDeps, memoryRuntimeDeps, memoryWorkerDeps, type MemoryWorld } from './memory-deps.ts';
import type { Random } from './random.ts';
import type { Simulation } from './simulation.ts';
import { SimQueue } from './sqs.ts';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
const queueUrl = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;

/** Lambda's asynchronous invocation retries a failed event twice, about one and two minutes later. */
const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000];
/** EventBridge delivers to its targets within about this long (the twin's model; AWS quotes "typically under 0.5 s"). */
const BUS_DELIVERY_MS = 500;
/** A source without maximumConcurrency: Lambda scales its pollers to about this many concurrent invocations. */
const UNBOUNDED_CONCURRENCY = 1_000;

/** What a scenario turns while it runs: Fleetwarden stopped, its functions slowed or throttled. */
export interface Dials {
  /** False while Fleetwarden itself is down: no consumer receives, no schedule fires (the observer stall). */
  running: boolean;
  /** Multiplies every invocation's modelled duration (a degraded region: slow DynamoDB, slow control plane). */
  slowFactor: number;
  /** Caps every SQS source's concurrency (throttling); undefined: as serverless.yml says. */
  concurrencyCap?: number;
}

/** How long an invocation of `records` records holds its slot, before the dials: a model, stated in docs/TWIN.md. */
const BASE_DURATION_MS: Record<string, (records: number) => number> = {
  heartbeat: (n) => 40 + 25 * n,
  sweepWorker: (n) => 60 + 80 * n,
  remediationWorker: (n) => 200 + 400 * n,
};

export interface Invocation {
  function: string;
  atMs: number;
  ok: boolean;
}

export interface Wiring {
  config: ServerlessConfig;
  env: Record<string, string>;
  /** Every queue of the template, by its logical name (HeartbeatQueue, RemediationDeadLetterQueue, ...). */
  queues: Map<string, SimQueue>;
  mappings: Map<string, EventSourceMapping>;
  bus: RoutingEventBus;
  dials: Dials;
  /** Invocations by function, and the async ones that failed every retry. */
  invocations: Map<string, number>;
  asyncFailures: { function: string; reason: string }[];
  /** Functions serverless.yml defines that the twin does not run, with why. */
  notWired: string[];
  /** The memory task store the functions share (the budget samples and the end-of-scenario accounting read it). */
  tasks: WorkerDeps['tasks'] & MemoryTaskStore;
  /** Calls on the memory stores, as reads and writes: about one DynamoDB request each (the bill's estimate). */
  storeCalls: { reads: number; writes: number };
  /** Lambda GB-seconds of every modelled invocation (memory from serverless.yml). */
  gbSeconds(): number;
  /** Sends a message to a template queue by logical name, as a producer outside Fleetwarden would (the cell agents). */
  send(queue: string, body: unknown): void;
}

/**
 * The bus the functions publish to: MemoryEventBus (everything published is kept, in order) that also delivers
 * each event, as EventBridge would, to every rule whose pattern matches it.
 */
export class RoutingEventBus extends MemoryEventBus {
  readonly rules: { fn: string; busName: string; pattern: Record<string, unknown> }[] = [];
  /** Published events put on the bus (what EventBridge bills). */
  putEvents = 0;
  constructor(private readonly deliver: (fn: string, envelope: Record<string, unknown>) => void, private readonly sim: Simulation) {
    super();
  }

  override async publish(events: DomainEvent[]): Promise<void> {
    await super.publish(events);
    for (const event of events) this.put('FleetBus', EVENT_SOURCE, event.type, { ...event.detail, dedupeKey: event.dedupeKey });
  }

  /** Puts one event on a bus (the control plane's Instance Created / Ready go through here too). */
  put(busName: string, source: string, detailType: string, detail: unknown): void {
    this.putEvents += 1;
    const envelope = {
      version: '0',
      id: `twin-${this.putEvents}`,
      'detail-type': detailType,
      source,
      account: ACCOUNT,
      time: new Date(this.sim.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: REGION,
      resources: [],
      detail: JSON.parse(JSON.stringify(detail)) as unknown,
    };
    for (const rule of this.rules) {
      if (rule.busName === busName && matchesPattern(rule.pattern, envelope)) this.deliver(rule.fn, envelope);
    }
  }
}

export interface WiringOptions {
  sim: Simulation;
  world: MemoryWorld;
  provider: FleetProvider;
  random: Random;
  /** serverless.yml's directory (default: the working directory). */
  root?: string;
  /** Probability that SQS delivers a message twice. */
  duplicateRate?: number;
}

/** Builds the queues and wires every function the twin runs, as serverless.yml says. */
export function wireFunctions(opts: WiringOptions): { wiring: Wiring; world: MemoryWorld } {
  const { sim } = opts;
  const config = loadServerlessConfig({ stage: 'twin', region: REGION, ...(opts.root === undefined ? {} : { root: opts.root }) });
  const env = functionEnvironment(config);
  const dials: Dials = { running: true, slowFactor: 1 };
  const invocations = new Map<string, number>();
  const asyncFailures: Wiring['asyncFailures'] = [];
  const count = (fn: string) => invocations.set(fn, (invocations.get(fn) ?? 0) + 1);

  const queues = buildQueues(config, opts);
  const queueByUrl = (url: string) => {
    const name = url.slice(url.lastIndexOf('/') + 1);
    const queue = queues.get(name);
    if (queue === undefined) throw new Error(`twin: no queue ${name}`);
    return queue;
  };
  const sender = (logical: string) => ({
    async send(messages: OutgoingMessage[]) {
      const queue = queues.get(logical)!;
      for (const m of messages) queue.send(JSON.stringify(m.body), sim.now(), m.delaySeconds ?? 0);
    },
  });
  /** processSqsBatch's two SQS calls, routed to the twin's queues by URL. */
  const sqs: SqsCommands = {
    async send(command) {
      if (command instanceof SendMessageCommand) {
        const { QueueUrl, MessageBody, MessageAttributes, DelaySeconds } = command.input;
        const attributes = Object.fromEntries(Object.entries(MessageAttributes ?? {}).map(([k, v]) => [k, String(v.StringValue)]));
        queueByUrl(String(QueueUrl)).send(String(MessageBody), sim.now(), DelaySeconds ?? 0, attributes);
      } else if (command instanceof ChangeMessageVisibilityCommand) {
        const { QueueUrl, ReceiptHandle, VisibilityTimeout } = command.input;
        queueByUrl(String(QueueUrl)).changeVisibility(String(ReceiptHandle), VisibilityTimeout ?? 0, sim.now());
      }
      return {};
    },
  };
  const batch = (dlqEnv: string, concurrency: number) => (): BatchOptions => ({
    sqs,
    deadLetterQueueUrl: requireFrom(env, dlqEnv),
    maxAttempts: Number(env.MAX_RECEIVE_COUNT ?? 5),
    concurrency,
  });

  const bus = new RoutingEventBus((fn, envelope) => deliverAsync(fn, envelope), sim);
  const world: MemoryWorld = { ...opts.world, events: bus };
  const storeCalls = { reads: 0, writes: 0 };
  const base = counted(memoryRuntimeDeps(world), storeCalls);
  const detection = memoryDetectionDeps(world, {
    thresholds: thresholdsFromEnv(env),
    observerConfig: observerConfigFromEnv(env),
    backlog: new MemoryBacklog(() => queues.get('HeartbeatQueue')!.depth),
    metricsSnapshotSeconds: Number(env.METRICS_SNAPSHOT_SECONDS ?? 86_400),
    intakeMarkSeconds: INTAKE_MARK_SECONDS,
    refreshSeconds: reportRefreshSecondsFromEnv(env),
  }, base);
  const worker = memoryWorkerDeps(world, {
    playbooks: playbooksFromEnv(env),
    settings: remediationSettings(env),
    provider: opts.provider,
    queue: sender('RemediationQueue'),
  }, base);
  for (const key of ['leases', 'outcomes', 'escalations', 'signals', 'clusters'] as const) (worker as unknown as Record<string, unknown>)[key] = countCalls(worker[key], storeCalls);
  let gbSeconds = 0;
  const memoryGb = (fn: string) => Number((config.functions[fn] as { memorySize?: number } | undefined)?.memorySize ?? 512) / 1024;

  // What Lambda would run per function key: the function's own handler over the twin's deps.
  const timeoutOf = (fn: string) => (config.functions[fn]?.timeout ?? config.provider.timeout ?? 6) * 1000;
  const context = (fn: string) => ({ getRemainingTimeInMillis: () => timeoutOf(fn) });
  const eventHandlers: Record<string, (event: unknown) => Promise<unknown>> = {
    heartbeat: heartbeatHandler(() => detection, batch('HEARTBEAT_DLQ_URL', HEARTBEAT_RECORDS_IN_FLIGHT)),
    sweeper: sweeperHandler(() => detection, () => sender('SweepQueue')),
    sweepWorker: (event) => sweepWorkerHandler(() => detection, batch('SWEEP_DLQ_URL', 4))(event as SQSEvent),
    planner: plannerHandler(() => worker),
    provisioning: provisioningHandler(() => base),
    remediationWorker: (event) => remediationWorkerHandler(() => worker, batch('REMEDIATION_DLQ_URL', 5))(event as SQSEvent, context('remediationWorker')),
  };
  const mappings = new Map<string, EventSourceMapping>();
  const notWired = Object.keys(config.functions).filter((fn) => eventHandlers[fn] === undefined);
  const invoke = async (fn: string, event: unknown) => {
    count(fn);
    // Invocations not on an SQS source (events, schedules) are billed a modelled 200 ms.
    if (!mappings.has(fn)) gbSeconds += 0.2 * memoryGb(fn);
    return eventHandlers[fn]!(event);
  };

  function deliverAsync(fn: string, envelope: Record<string, unknown>, attempt = 0): void {
    const delay = attempt === 0 ? BUS_DELIVERY_MS : ASYNC_RETRY_DELAYS_MS[attempt - 1]!;
    sim.after(delay, async () => {
      if (!dials.running) {
        // Fleetwarden is down: the event waits with EventBridge's retry policy, delivered when it runs again.
        deliverAsync(fn, envelope, Math.min(attempt, ASYNC_RETRY_DELAYS_MS.length - 1) || 1);
        return;
      }
      try {
        await invoke(fn, envelope);
      } catch (error) {
        if (attempt < ASYNC_RETRY_DELAYS_MS.length) return deliverAsync(fn, envelope, attempt + 1);
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        asyncFailures.push({ function: fn, reason });
        // The function's onFailure destination (every async function's is EventsDeadLetterQueue).
        queues.get('EventsDeadLetterQueue')?.send(JSON.stringify({ requestContext: { condition: 'RetriesExhausted' }, responsePayload: { errorMessage: reason }, requestPayload: envelope }), sim.now(), 0, { reason });
      }
    });
  }

  for (const [fn, definition] of Object.entries(config.functions)) {
    if (eventHandlers[fn] === undefined) continue;
    for (const event of definition.events ?? []) {
      if ('sqs' in event) {
        const spec = event.sqs as Record<string, unknown>;
        const logical = logicalName(spec.arn);
        const queue = queues.get(logical)!;
        const configured = Number(spec.maximumConcurrency ?? definition.reservedConcurrency ?? UNBOUNDED_CONCURRENCY);
        const mapping = new EventSourceMapping(sim, queue, queueArn(logical), async (sqsEvent) => (await invoke(fn, sqsEvent)) as SQSBatchResponse, {
          batchSize: Number(spec.batchSize ?? 10),
          maxConcurrency: configured,
          concurrencyCap: () => dials.concurrencyCap,
          durationMs: (records) => {
            const ms = (BASE_DURATION_MS[fn] ?? ((n: number) => 100 + 50 * n))(records) * dials.slowFactor;
            gbSeconds += (ms / 1000) * memoryGb(fn);
            return ms;
          },
          running: () => dials.running,
        });
        mappings.set(fn, mapping);
      } else if ('schedule' in event) {
        const rate = typeof event.schedule === 'string' ? event.schedule : String((event.schedule as { rate: unknown }).rate);
        const periodMs = rateMs(rate);
        if (periodMs === undefined) continue;
        // Scheduled rules are async invocations too; while Fleetwarden is down the tick is missed, not queued.
        sim.every(periodMs, sim.now() + periodMs, Number.MAX_SAFE_INTEGER, async () => {
          if (!dials.running) return;
          await invoke(fn, scheduledEvent(sim.now(), rate)).catch((error: unknown) => {
            asyncFailures.push({ function: fn, reason: error instanceof Error ? error.message : String(error) });
          });
        });
      } else if ('eventBridge' in event) {
        const spec = event.eventBridge as Record<string, unknown>;
        bus.rules.push({ fn, busName: spec.eventBus === undefined ? 'default' : logicalName(spec.eventBus), pattern: (spec.pattern ?? {}) as Record<string, unknown> });
      }
    }
  }

  return {
    world,
    wiring: {
      config,
      env,
      queues,
      mappings,
      bus,
      dials,
      invocations,
      asyncFailures,
      notWired,
      tasks: base.tasks as unknown as Wiring['tasks'],
      storeCalls,
      gbSeconds: () => gbSeconds,
      send: (logical, body) => queues.get(logical)!.send(JSON.stringify(body), sim.now()),
    },
  };
}

/** A method whose name starts so reads; every other call on a store writes (an approximation, stated in docs/TWIN.md). */
const READS = /^(get|find|load|query|list|members|cells|cell|silent|history|agenda|recent|instance|inFlight|allInFlight|count|scan|latest|active|open|read|peek|has|lookup|dryRunEnded|sizes|by)/;

function countCalls<T extends object>(store: T, calls: { reads: number; writes: number }): T {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return (...args: unknown[]) => {
        if (READS.test(key)) calls.reads += 1;
        else calls.writes += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** The runtime deps with every store's calls counted. */
function counted(deps: RuntimeDeps, calls: { reads: number; writes: number }): RuntimeDeps {
  const out = { ...deps };
  for (const key of ['store', 'liveness', 'conditions', 'queries', 'tasks', 'freezes', 'incidents', 'observer'] as const) {
    (out as Record<string, unknown>)[key] = countCalls(deps[key], calls);
  }
  return out;
}

/** Every AWS::SQS::Queue of the template, dead-letter queues first, with its redrive policy. */
function buildQueues(config: ServerlessConfig, opts: WiringOptions): Map<string, SimQueue> {
  const queues = new Map<string, SimQueue>();
  const specs = Object.entries(config.resources.Resources).filter(([, r]) => r.Type === 'AWS::SQS::Queue');
  const redrive = (props: Record<string, unknown> | undefined) => props?.RedrivePolicy as { deadLetterTargetArn: unknown; maxReceiveCount: unknown } | undefined;
  for (const pass of [false, true]) {
    for (const [name, resource] of specs) {
      const policy = redrive(resource.Properties);
      if ((policy !== undefined) !== pass) continue;
      queues.set(name, new SimQueue(name, {
        visibilitySeconds: Number(resource.Properties?.VisibilityTimeout ?? 30),
        ...(policy === undefined ? {} : { maxReceiveCount: Number(policy.maxReceiveCount), deadLetter: queues.get(logicalName(policy.deadLetterTargetArn))! }),
        duplicateRate: opts.duplicateRate ?? 0,
        random: opts.random,
      }));
    }
  }
  return queues;
}

/** The logical resource a `!Ref X` or `!GetAtt X.Arn` names. */
function logicalName(ref: unknown): string {
  const node = ref as { Ref?: string; 'Fn::GetAtt'?: string[] };
  const name = node.Ref ?? node['Fn::GetAtt']?.[0];
  if (name === undefined) throw new Error(`twin: cannot read a resource name from ${JSON.stringify(ref)}`);
  return name;
}

/** The functions' environment, as runner.ts builds it: `!Ref Queue` is its URL, `!GetAtt Queue.Arn` its ARN. */
function functionEnvironment(config: ServerlessConfig): Record<string, string> {
  const env: Record<string, string> = {};
  const sources = [config.provider.environment ?? {}, ...Object.values(config.functions).map((f) => f.environment ?? {})];
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) {
      if (typeof value !== 'object' || value === null) env[name] = String(value);
      else if ('Ref' in value) env[name] = queueUrl(logicalName(value));
      else if ('Fn::GetAtt' in value) env[name] = queueArn(logicalName(value));
    }
  }
  return env;
}

function requireFrom(env: Record<string, string>, name: string): string {
  const value = env[name];
  if (value === undefined) throw new Error(`twin: serverless.yml sets no ${name}`);
  return value;
}

function rateMs(rate: string): number | undefined {
  const every = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(rate);
  if (!every) return undefined;
  const unit = every[2]!.startsWith('minute') ? 60_000 : every[2]!.startsWith('hour') ? 3_600_000 : 86_400_000;
  return Number(every[1]) * unit;
}

function scheduledEvent(nowMs: number, rule: string) {
  return {
    version: '0',
    id: `twin-schedule-${nowMs}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: ACCOUNT,
    time: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: REGION,
    resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/${rule}`],
    detail: {},
  };
}
