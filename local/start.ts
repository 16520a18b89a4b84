/**
 * `npm start`: the whole system locally. DynamoDB Local and the SQS emulator, every function wired as in
 * serverless.yml (stage `local`), and a simulated fleet driving it. Runs until Ctrl-C, or for --duration
 * seconds; either way it prints one JSON summary line and exits 0.
 *
 *   npm start -- --instances 1000 --duration 60 --seed 7 --log-level INFO
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { generateFleet } from '../sim/index.ts';
import { LOCAL_CREDENTIALS_FILE, LOCAL_STACK_FILE } from '../cli/target.ts';
import type { FleetCounts } from '../shared/adapters/dynamo/instance-queries.ts';
import { startEmulators } from './emulators.ts';
import { credentialsFile } from './function-url.ts';
import { FleetDriver } from './fleet-driver.ts';
import { checkAgainstFaults, type SilenceCheck } from './fault-check.ts';
import { countsLine, observeDomainEvents } from './live-view.ts';
import { scheduleAuditDemo } from './audit-demo.ts';
import { observeRemediation, remediationSummary, startLocalControlPlane } from './remediation-demo.ts';
import { startLocalStack } from './runner.ts';

const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '1000' },
    duration: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'log-level': { type: 'string', default: 'WARN' },
  },
  strict: true,
});
const instances = Number(values.instances);
const duration = values.duration === undefined ? undefined : Number(values.duration);
if (!Number.isInteger(instances) || instances < 1 || (duration !== undefined && !(duration > 0))) {
  console.error('usage: npm start -- [--instances N] [--duration SECONDS] [--seed N] [--log-level DEBUG|INFO|WARN|ERROR]');
  process.exit(2);
}

/** Schedules fire this much faster locally: the every-minute sweeper runs every 10 s, to match the local stage's short thresholds. */
const SCHEDULE_SPEEDUP = 6;
const FAULT_EVERY_SECONDS = 8;

/**
 * Runs `task` every `seconds`. A failure (the stack busy, or frozen and back) is reported and the next tick tries
 * again; a tick is skipped while the previous run is still going, so a slow stack is not piled onto.
 */
function every(seconds: number, name: string, task: () => Promise<unknown>): NodeJS.Timeout {
  let running = false;
  return setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch((error: unknown) => say(`  ! ${name}: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (running = false));
  }, seconds * 1000);
}

/** `promise`, or undefined if it fails or takes longer than `ms`: the summary must not hold up stopping. */
function within<T>(ms: number, promise: Promise<T>): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(resolve, () => resolve(undefined)).finally(() => clearTimeout(timer));
  });
}

const started = Date.now();
const say = (line: string) => console.log(line);
say(`fleetwarden: starting DynamoDB Local and the SQS emulator ...`);
const emulators = await startEmulators();
const fleet = generateFleet({ now: () => new Date(), seed: Number(values.seed), clusters: Math.round((instances * 3) / 5) });
// Remediation acts through the signed HTTP provider, against a control plane serving this simulated fleet.
const controlPlane = await startLocalControlPlane(fleet);
const stack = await startLocalStack({
  stage: 'local',
  dynamodbEndpoint: emulators.dynamodbEndpoint,
  sqsEndpoint: emulators.sqsEndpoint,
  log: (line) => say(`  ! ${line}`),
  scheduleSpeedup: SCHEDULE_SPEEDUP,
  // Function logs are structured JSON; INFO from 1,000 instances drowns the live view, so locally it is opt-in.
  // The metrics (EMF lines, as CloudWatch Logs reads them) are written with the logs from INFO down.
  environment: {
    POWERTOOLS_LOG_LEVEL: String(values['log-level']).toUpperCase(),
    POWERTOOLS_METRICS_DISABLED: ['DEBUG', 'INFO'].includes(String(values['log-level']).toUpperCase()) ? 'false' : 'true',
    ...controlPlane.environment,
  },
});
mkdirSync(dirname(LOCAL_STACK_FILE), { recursive: true });
writeFileSync(LOCAL_STACK_FILE, JSON.stringify({
  service: stack.config.service,
  stage: 'local',
  region: stack.config.provider.region,
  lambdaEndpoint: stack.lambdaUrl,
  dynamodbEndpoint: emulators.dynamodbEndpoint,
  sqsEndpoint: emulators.sqsEndpoint,
  eventBridgeEndpoint: stack.bus.url,
  operatorUrl: stack.operatorUrl,
  credentialsFile: LOCAL_CREDENTIALS_FILE,
  pid: process.pid,
}, null, 2));
writeFileSync(LOCAL_CREDENTIALS_FILE, credentialsFile(stack.principals), { mode: 0o600 });
say(`fleetwarden: functions ${Object.keys(stack.config.functions).join(', ')} are wired; the warden CLI finds this stack (try \`npx warden status\`)`);
say(`fleetwarden: the operator's URL ${stack.operatorUrl} checks SigV4 signatures; profiles fleetwarden-local-{viewer,operator,breakglass} are in ${LOCAL_CREDENTIALS_FILE} (the CLI signs as the local operator unless AWS_PROFILE names one)`);

const driver = new FleetDriver({
  fleet,
  events: new EventBridgeClient({}),
  sqs: new SQSClient({}),
  busName: String(process.env.FLEET_BUS_NAME),
  heartbeatQueueUrl: String(stack.resources.HeartbeatQueue?.ref),
  seed: Number(values.seed),
  log: (line) => say(`  ${line}`),
});
say(`fleetwarden: registering ${fleet.instances().length} simulated instances through the ledger ...`);
await driver.announce();
const observed = observeDomainEvents(stack.bus, say);
const remediation = observeRemediation(stack.bus, say);
const heartbeatSeconds = Number(process.env.HEARTBEAT_INTERVAL_SECONDS ?? 30);
let registered = false;
const loops = [
  every(heartbeatSeconds, 'heartbeats', () => driver.beat()),
  every(heartbeatSeconds, 'announce', () => driver.announce()),
  // Faults start once the ledger holds the whole fleet: a fault in an instance still installing is not one the
  // fleet would have (and its remedy could not run: an installing instance cannot be upgraded).
  every(FAULT_EVERY_SECONDS, 'fault', async () => {
    if (registered) await driver.injectFault();
  }),
];
say(`fleetwarden: cells heartbeat every ${heartbeatSeconds}s; once the fleet is registered a fault is injected every ${FAULT_EVERY_SECONDS}s; the sweeper runs every ${60 / SCHEDULE_SPEEDUP}s`);

let stoppingSince: number | undefined;
const status = async () => ((await stack.invoke('operator', { command: 'status', note: 'npm-start' })) as { result: FleetCounts & { detection?: { held: boolean } } }).result;
const elapsed = () => Math.round((Date.now() - started) / 1000);
const audits = scheduleAuditDemo(stack, say, registration(fleet.instances().length).then(() => (registered = true)));
const view = every(process.stdout.isTTY ? 2 : 5, 'status', async () => {
  say(countsLine(elapsed(), await status(), { ...observed.counts, ...remediation.counts }));
});

/** Resolves once the ledger holds `expected` instances and none is still installing (checked every 2 s). */
async function registration(expected: number): Promise<void> {
  while (stoppingSince === undefined) {
    const counts = await status().catch(() => undefined);
    if (counts !== undefined && counts.total >= expected && !counts.byState.installing) {
      say(`fleetwarden: ${counts.total} instances registered after ${elapsed()} s`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/**
 * Stops the run, after --duration or on Ctrl-C / SIGTERM / SIGHUP alike: the summary line while the stack is still
 * up, then the stack and the emulators, each given a few seconds at most.
 */
async function stop(): Promise<void> {
  if (stoppingSince !== undefined) return;
  stoppingSince = Date.now();
  say('fleetwarden: stopping ...');
  for (const timer of [view, ...loops]) clearInterval(timer);
  audits.stop();
  try {
    // No new batches or schedules from here; the summary's reads then share DynamoDB Local only with what is in flight.
    const stackStopped = within(5_000, stack.stop());
    const [counts, audit, remediated, silence] = await Promise.all([
      within(5_000, status()),
      within(5_000, audits.summary()),
      within(5_000, remediationSummary(stack, remediation)),
      within(5_000, checkAgainstFaults(stack.invoke, driver.victims)),
    ]);
    if (counts !== undefined) say(JSON.stringify({ summary: summary(counts, audit, remediated, silence) }));
    else say('fleetwarden: no summary: the stack did not answer within 5 s');
    await stackStopped;
    await Promise.all([within(2_000, controlPlane.close()), within(5_000, emulators.stop())]);
  } finally {
    rmSync(LOCAL_STACK_FILE, { force: true });
    rmSync(LOCAL_CREDENTIALS_FILE, { force: true });
    process.exit(0);
  }
}

function summary(
  counts: FleetCounts & { detection?: { held: boolean } },
  audit: Awaited<ReturnType<typeof audits.summary>> | undefined,
  remediated: Awaited<ReturnType<typeof remediationSummary>> | undefined,
  silence: SilenceCheck | undefined,
) {
  return {
    seconds: elapsed(),
    instances: counts.total,
    byState: counts.byState,
    faultsInjected: driver.faults,
    // Every instance silence marked should be one a fault was injected into: `unexplained` lists the ones that are not.
    ...(silence === undefined ? {} : { silence }),
    detection: { ...observed.counts, heldAtEnd: counts.detection?.held ?? false },
    ...audit,
    ...(remediated === undefined ? {} : { remediation: remediated }),
  };
}

// Ctrl-C can arrive twice at once (from the terminal, and relayed by npm and tsx); a second one later means "now".
const onSignal = () => {
  if (stoppingSince === undefined || Date.now() - stoppingSince < 1_000) return void stop();
  rmSync(LOCAL_STACK_FILE, { force: true });
  rmSync(LOCAL_CREDENTIALS_FILE, { force: true });
  process.exit(130);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
if (duration !== undefined) setTimeout(() => void stop(), duration * 1000);
