/**
 * Detection under backlog: the heartbeat consumer stops for a while (Fleetwarden's own bad day) while the cells keep
 * reporting, and one instance really crashes during it. Simulated time on the emulators: every 30 s each cell
 * reports to the real heartbeat queue, every 60 s the sweeper runs. Measured per pause: false transitions (goal 0),
 * how long detection was held, how much later the real crash was found than without the pause, pages, and what the
 * clock-based rule (the queue taken as always empty, so the watermark is the clock) would have done.
 */
import { ConditionStore } from '../shared/adapters/dynamo/condition-store.ts';
import { InstanceStore } from '../shared/adapters/dynamo/instance-store.ts';
import { LivenessStore } from '../shared/adapters/dynamo/liveness-store.ts';
import { ObserverStore } from '../shared/adapters/dynamo/observer-store.ts';
import { QueueBacklog } from '../shared/adapters/sqs/queue-backlog.ts';
import { DEFAULT_THRESHOLDS } from '../shared/domain/liveness.ts';
import { DEFAULT_OBSERVER } from '../shared/domain/observer/hold.ts';
import { observeDetection } from '../shared/usecases/detection.ts';
import { IntakeMeter } from '../shared/usecases/intake.ts';
import { RecordingPublisher, SettableClock } from '../test/support/deps.ts';
import { ObservedFleet } from '../test/support/observed-fleet.ts';
import type { BenchStack } from './harness.ts';

export interface BacklogRow {
  pauseSeconds: number;
  instances: number;
  cells: number;
  falseTransitions: number;
  clockRuleFalseTransitions: number;
  heldSeconds: number;
  detectionPages: number;
  /** From the crashed instance's last report to `unavailable` (180 s of silence, plus up to a sweep period, without a pause). */
  crashFoundAfterSeconds: number | undefined;
  /** From the consumer resuming to the crash being found. */
  foundAfterResumeSeconds: number | undefined;
  addedDelaySeconds: number | undefined;
  /** DynamoDB and SQS requests detection's self-judgement added per sweep (observer read, queue backlog, hold save). */
  observerRequestsPerSweep: number;
}

const PAUSE_STARTS = 120;
/** The victim's last report is the one at 120 s; it is missing from the next one on. */
const LAST_REPORT = 120;
const AFTER_SECONDS = 600;

const NO_GUARD = { share: 1, minCells: Number.MAX_SAFE_INTEGER };

interface Outcome {
  falseTransitions: number;
  heldSeconds: number;
  pages: number;
  crashFoundAt?: number;
  instances: number;
  cells: number;
}

async function scenario(stack: BenchStack, stage: string, pauseSeconds: number, rule: 'watermark' | 'clock'): Promise<Outcome> {
  const fresh = await stack.fresh(stage);
  const t0 = Date.parse('2026-11-22T10:00:00.000Z');
  const clock = new SettableClock(new Date(t0));
  const events = new RecordingPublisher();
  const deps = {
    store: new InstanceStore(fresh.doc, fresh.table),
    liveness: new LivenessStore(fresh.doc, fresh.table),
    conditions: new ConditionStore(fresh.doc, fresh.table),
    events,
    clock: clock.read,
    thresholds: { postgres: DEFAULT_THRESHOLDS, redis: DEFAULT_THRESHOLDS, kafka: DEFAULT_THRESHOLDS },
    metricsSnapshotSeconds: 86_400,
    observer: new ObserverStore(fresh.doc, fresh.table),
    backlog: rule === 'clock' ? { waiting: async () => 0 } : new QueueBacklog(fresh.sqs, fresh.queueUrl('HeartbeatQueue')),
    // The clock rule is detection as it was: the clock for a watermark and no implausible-silence guard.
    observerConfig: { ...DEFAULT_OBSERVER, implausible: rule === 'clock' ? NO_GUARD : DEFAULT_OBSERVER.implausible },
    intakeMeter: new IntakeMeter(0),
  };
  const fleet = new ObservedFleet(fresh, { deps }, clock);
  await fleet.create(4, 25);
  await fleet.send();
  await fleet.consume();
  await fleet.sweep();
  const [victim = ''] = fleet.instanceIds;
  const end = PAUSE_STARTS + pauseSeconds + AFTER_SECONDS;
  for (let t = 30; t <= end; t += 30) {
    if (t === LAST_REPORT + 30) fleet.crashed.add(victim);
    await fleet.step(t, t <= PAUSE_STARTS || t > PAUSE_STARTS + pauseSeconds);
  }
  const found = fleet.transitionTimes.find((x) => x.instanceId === victim && x.to === 'unavailable');
  const resumed = events.ofType('DetectionResumed').map((e) => Number(e.detail.heldForSeconds));
  return {
    falseTransitions: fleet.transitions.filter((x) => x.instanceId !== victim).length,
    heldSeconds: resumed.reduce((a, b) => a + b, 0),
    pages: events.ofType('EscalationRaised').filter((e) => e.detail.kind === 'detection').length,
    ...(found === undefined ? {} : { crashFoundAt: (Date.parse(found.at) - t0) / 1000 - LAST_REPORT }),
    instances: fleet.instanceIds.length,
    cells: fleet.cells.size,
  };
}

/** Requests one sweep of a healthy, caught-up fleet spends judging its observer: measured as the difference. */
async function observerRequests(stack: BenchStack, stage: string): Promise<number> {
  const fresh = await stack.fresh(stage);
  const clock = new SettableClock(new Date('2026-11-22T10:00:00.000Z'));
  const deps = {
    observer: new ObserverStore(fresh.doc, fresh.table),
    backlog: new QueueBacklog(fresh.sqs, fresh.queueUrl('HeartbeatQueue')),
    observerConfig: DEFAULT_OBSERVER,
    events: new RecordingPublisher(),
    clock: clock.read,
  };
  await observeDetection(deps, [], clock.read(), 90);
  clock.advance(60);
  stack.resetRequests();
  await observeDetection(deps, [], clock.read(), 90);
  return stack.totalRequests() + stack.totalSqsRequests();
}

export async function benchBacklog(stack: BenchStack, pauseSeconds: number): Promise<BacklogRow> {
  const id = `bl${pauseSeconds}-${Date.now().toString(36)}`;
  const baseline = await scenario(stack, `${id}a`, 0, 'watermark');
  const paused = await scenario(stack, `${id}b`, pauseSeconds, 'watermark');
  const clockRule = await scenario(stack, `${id}c`, pauseSeconds, 'clock');
  return {
    pauseSeconds,
    instances: paused.instances,
    cells: paused.cells,
    falseTransitions: paused.falseTransitions,
    clockRuleFalseTransitions: clockRule.falseTransitions,
    heldSeconds: paused.heldSeconds,
    detectionPages: paused.pages,
    crashFoundAfterSeconds: paused.crashFoundAt,
    foundAfterResumeSeconds: paused.crashFoundAt === undefined ? undefined : paused.crashFoundAt + LAST_REPORT - (PAUSE_STARTS + pauseSeconds),
    addedDelaySeconds: paused.crashFoundAt === undefined || baseline.crashFoundAt === undefined ? undefined : paused.crashFoundAt - baseline.crashFoundAt,
    observerRequestsPerSweep: await observerRequests(stack, `${id}d`),
  };
}
