/**
 * Plays one scenario: builds a world, lets the scenario script its faults over simulated time, runs the clock to the
 * end, then checks the invariants and computes the figures from what the world recorded: histories from the memory
 * instance store, actions from the simulated fleet's log, tasks from the memory task store, the dead-letter queues,
 * pages from the escalation events published, budget samples taken every simulated minute.
 */
import type { HistoryEntry, LifecycleState } from '../shared/domain/instance.ts';
import { budgetLimit } from '../shared/domain/safety/budget.ts';
import { thresholdsFromEnv } from '../shared/runtime/liveness-config.ts';
import { remediationSettings } from '../shared/runtime/remediation-config.ts';
import { dollars, handWork, latency, type Requests } from './figures.ts';
import { budgetsRespected, everyTaskEnded, legalHistories, noActionOnHealthy, noInstanceLost, oneActionPerCause, onePagePerOutage, type BudgetSample, type Outage, type Page, type TaskRecord } from './invariants.ts';
import type { ScenarioResult } from './report.ts';
import type { Mark, TimelineSample } from './timeline.ts';
import { buildWorld, type TwinWorld } from './world.ts';

export interface ScenarioContext {
  world: TwinWorld;
  /** Instances the scenario silenced and when (detection latency is measured for these). */
  silenced: Map<string, number>;
  outages: Outage[];
  marks: Mark[];
  /** When the fault ended (recovery is measured from here). */
  faultEndsMs?: number;
  /** Set when the scenario holds detection on purpose. */
  held?: string;
  /** In observer-stall: every instance is healthy, so any action is a breach. */
  fleetHealthy?: boolean;
  /** Poison messages the scenario sent: each must be in a dead-letter queue with its reason. */
  poison?: number;
  /** Called at the end: why detection was held on purpose, if it was (sets the result's `held`). */
  describeHold?: () => string | undefined;
}

export interface Scenario {
  name: string;
  summary: string;
  /** Simulated span of the scenario. */
  durationMs: number;
  /** Schedules the faults on `ctx.world.sim` (times relative to the world's start). */
  script(ctx: ScenarioContext): void;
}

export interface RunOptions {
  instances: number;
  seed: number;
}

const MINUTE = 60_000;
const TROUBLED: readonly LifecycleState[] = ['uncertain', 'unavailable', 'restart', 'upgrading'];

export async function runScenario(scenario: Scenario, opts: RunOptions): Promise<ScenarioResult> {
  const wallStart = performance.now();
  let peakRss = process.memoryUsage().rss;
  const world = await buildWorld({ instances: opts.instances, seed: opts.seed });
  const { sim, memory, fleet, wiring } = world;
  const startMs = sim.now();
  const ctx: ScenarioContext = { world, silenced: new Map(), outages: [], marks: [] };
  scenario.script(ctx);

  const settings = remediationSettings(wiring.env);
  const budget = settings.safety.budget;
  const sizes = { fleet: 0, service: new Map<string, number>(), zone: new Map<string, number>() };
  for (const instance of fleet.instances()) {
    sizes.fleet += 1;
    sizes.service.set(instance.service, (sizes.service.get(instance.service) ?? 0) + 1);
    sizes.zone.set(instance.zone, (sizes.zone.get(instance.zone) ?? 0) + 1);
  }
  const fleetLimit = budgetLimit(budget.fleetShare, sizes.fleet, budget.minInFlight);

  const samples: TimelineSample[] = [];
  const budgetSamples: BudgetSample[] = [];
  let actionsBefore = 0;
  let peakActions = 0;
  let recoveredAtMs: number | undefined;
  sim.every(MINUTE, startMs, startMs + scenario.durationMs, async () => {
    const at = new Date(sim.now()).toISOString();
    const counts = await wiring.tasks.allInFlight();
    budgetSamples.push({ at, scope: 'fleet', inFlight: counts.fleet, limit: fleetLimit });
    for (const [name, n] of Object.entries(counts.service)) budgetSamples.push({ at, scope: `service ${name}`, inFlight: n, limit: budgetLimit(budget.serviceShare, sizes.service.get(name) ?? 0, budget.minInFlight) });
    for (const [name, n] of Object.entries(counts.zone)) budgetSamples.push({ at, scope: `zone ${name}`, inFlight: n, limit: budgetLimit(budget.zoneShare, sizes.zone.get(name) ?? 0, budget.minInFlight) });
    peakActions = Math.max(peakActions, counts.fleet);
    const states: Partial<Record<LifecycleState, number>> = {};
    for (const [state, ids] of memory.db.byState) states[state] = ids.size;
    const performed = fleet.actionsPerformed();
    samples.push({ atMs: sim.now(), states, actions: performed - actionsBefore });
    actionsBefore = performed;
    const troubled = TROUBLED.reduce((n, s) => n + (states[s] ?? 0), 0);
    if (ctx.faultEndsMs !== undefined && sim.now() >= ctx.faultEndsMs) {
      if (troubled === 0) recoveredAtMs ??= sim.now();
      else recoveredAtMs = undefined;
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  });

  await sim.runUntil(startMs + scenario.durationMs);

  // --- what the world recorded ---
  const histories: HistoryEntry[][] = [...memory.db.history.values()];
  const actions = fleet.actionLog().map(({ kind, instanceId, idempotencyKey, at }) => ({ kind, instanceId, idempotencyKey, at }));
  const taskIds = await wiring.tasks.recentIds(sim.clock(), 2);
  const stored = await wiring.tasks.findMany(taskIds);
  const tasks: TaskRecord[] = stored.map(({ task }) => ({ id: task.id, instanceId: task.instanceId, condition: task.condition, cause: task.cause, status: task.status, ...(task.result === undefined ? {} : { result: task.result }) }));
  const deadLettered = new Map<string, string>();
  const deadLetters: Record<string, number> = {};
  let reasonless = 0;
  for (const [name, queue] of wiring.queues) {
    if (!name.endsWith('DeadLetterQueue')) continue;
    for (const message of queue.messages()) {
      deadLetters[name] = (deadLetters[name] ?? 0) + 1;
      if (!message.attributes.reason) reasonless += 1;
      const taskId = /"taskId":"(rt-[0-9a-f]+)"/.exec(message.body)?.[1];
      if (taskId !== undefined) deadLettered.set(taskId, message.attributes.reason ?? '');
    }
  }
  const escalations = memory.events.ofType('EscalationRaised');
  const pageKeys = new Set<string>();
  const pages: Page[] = [];
  const pagedTasks = new Set<string>();
  for (const event of escalations) {
    const detail = event.detail as { kind: string; taskId?: string; incidentId?: string; playbook?: string; at?: string };
    if (detail.kind === 'instance' && detail.taskId !== undefined) pagedTasks.add(detail.taskId);
    if (pageKeys.has(event.dedupeKey)) continue;
    pageKeys.add(event.dedupeKey);
    pages.push({ atMs: Date.parse(String(detail.at ?? new Date(sim.now()).toISOString())), subject: `${detail.kind} ${detail.taskId ?? detail.incidentId ?? detail.playbook ?? ''}`.trim() });
  }
  for (const event of memory.events.ofType('RemediationFailed')) {
    const detail = event.detail as { taskId: string; incidentId?: string; escalationTaskId?: string };
    if (detail.incidentId !== undefined || (detail.escalationTaskId !== undefined && pagedTasks.has(detail.escalationTaskId))) pagedTasks.add(detail.taskId);
  }

  ctx.held ??= ctx.describeHold?.();
  const breaches = [
    ...legalHistories(histories),
    ...oneActionPerCause(actions, tasks),
    ...budgetsRespected(budgetSamples),
    ...everyTaskEnded(tasks, pagedTasks, deadLettered),
    ...noInstanceLost([...world.announced], memory.db.instances.keys()),
    ...onePagePerOutage(ctx.outages, pages, 30 * MINUTE),
    ...(ctx.fleetHealthy ? noActionOnHealthy(actions, () => true) : []),
    ...(reasonless > 0 ? [{ invariant: 'every-task-ended' as const, detail: `${reasonless} dead-lettered message(s) without a reason` }] : []),
    ...(ctx.poison !== undefined && Object.values(deadLetters).reduce((a, b) => a + b, 0) < ctx.poison
      ? [{ invariant: 'every-task-ended' as const, detail: `${ctx.poison} poison messages sent, ${JSON.stringify(deadLetters)} dead-lettered` }]
      : []),
  ];

  // --- figures ---
  const thresholds = thresholdsFromEnv(wiring.env).postgres;
  const sweepMs = MINUTE;
  const floorMs = thresholds.unavailableAfterSeconds * 1000;
  const ceilingMs = floorMs + sweepMs;
  const toUnavailable: number[] = [];
  const toTask: number[] = [];
  const firstTask = new Map<string, number>();
  for (const { task } of stored) {
    if (task.condition !== 'down') continue;
    const at = Date.parse(task.createdAt);
    if (!(at >= (firstTask.get(task.instanceId) ?? Infinity))) firstTask.set(task.instanceId, at);
  }
  for (const [id, silencedAt] of ctx.silenced) {
    const lastBeat = startMs + Math.floor((silencedAt - startMs) / world.heartbeatIntervalMs) * world.heartbeatIntervalMs;
    const unavailable = memory.db.history.get(id)?.find((e) => e.to === 'unavailable' && Date.parse(e.at) >= silencedAt);
    if (unavailable !== undefined) toUnavailable.push(Date.parse(unavailable.at) - lastBeat);
    const task = firstTask.get(id);
    if (task !== undefined && task >= silencedAt) toTask.push(task - lastBeat);
  }

  const byKind: Record<string, number> = {};
  for (const a of actions) byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;
  const invocations = [...wiring.invocations.values()].reduce((a, b) => a + b, 0);
  const sqsRequests = [...wiring.queues.values()].reduce((n, q) => n + q.requests.send + q.requests.receive + q.requests.delete + q.requests.changeVisibility, 0);
  const requests: Requests = {
    lambdaInvocations: invocations,
    lambdaGbSeconds: wiring.gbSeconds(),
    dynamoWriteUnits: wiring.storeCalls.writes,
    dynamoReadUnits: wiring.storeCalls.reads,
    sqsRequests,
    eventBridgeEvents: wiring.bus.putEvents,
  };
  // Checks: every instance that went uncertain or unavailable is one an engineer would have had to look at.
  let checks = 0;
  for (const history of histories) if (history.some((e) => e.to === 'uncertain' || e.to === 'unavailable')) checks += 1;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return {
    scenario: scenario.name,
    summary: scenario.summary,
    instances: opts.instances,
    seed: opts.seed,
    simulatedMs: scenario.durationMs,
    wallMs: performance.now() - wallStart,
    peakRssBytes: peakRss,
    detection: { toUnavailable: latency(toUnavailable), toTask: latency(toTask), floorMs, ceilingMs, ...(ctx.held === undefined ? {} : { held: ctx.held }) },
    ...(ctx.faultEndsMs === undefined || recoveredAtMs === undefined ? {} : { recoveryMs: recoveredAtMs - ctx.faultEndsMs }),
    actions: byKind,
    peakConcurrentActions: peakActions,
    actionBudget: fleetLimit,
    pages: pages.length,
    deadLetters,
    requests,
    dollars: dollars(requests),
    handWork: handWork(byKind, checks, pages.length, scenario.durationMs),
    breaches,
    timeline: { startMs, samples, marks: ctx.marks },
  };
}
