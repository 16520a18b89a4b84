/**
 * `npm start`: the whole system locally. DynamoDB Local and the SQS emulator, every function wired as in
 * serverless.yml (stage `local`), and a simulated fleet driving it. Runs until Ctrl-C, or for --duration
 * seconds, after which it prints one JSON summary line and exits 0.
 *
 *   npm start -- --instances 1000 --duration 60 --seed 7 --log-level INFO
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { generateFleet } from '../shared/adapters/fleet/index.ts';
import { LOCAL_STACK_FILE } from '../cli/target.ts';
import type { FleetCounts } from '../shared/adapters/dynamo/instance-queries.ts';
import { startEmulators } from './emulators.ts';
import { FleetDriver } from './fleet-driver.ts';
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

function every(seconds: number, task: () => Promise<unknown>): NodeJS.Timeout {
  return setInterval(() => void task().catch((error: unknown) => say(`  ! ${error instanceof Error ? error.message : String(error)}`)), seconds * 1000);
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
  environment: { POWERTOOLS_LOG_LEVEL: String(values['log-level']).toUpperCase(), ...controlPlane.environment },
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
  pid: process.pid,
}, null, 2));
say(`fleetwarden: functions ${Object.keys(stack.config.functions).join(', ')} are wired; the warden CLI finds this stack (try \`npx warden status\`)`);

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
const audits = scheduleAuditDemo(stack, say, 10);
const heartbeatSeconds = Number(process.env.HEARTBEAT_INTERVAL_SECONDS ?? 30);
const loops = [
  every(heartbeatSeconds, () => driver.beat()),
  every(heartbeatSeconds, () => driver.announce()),
  every(FAULT_EVERY_SECONDS, () => driver.injectFault()),
];
say(`fleetwarden: cells heartbeat every ${heartbeatSeconds}s; a fault is injected every ${FAULT_EVERY_SECONDS}s; the sweeper runs every ${60 / SCHEDULE_SPEEDUP}s`);

const status = async () => ((await stack.invoke('operator', { command: 'status', actor: 'npm-start' })) as { result: FleetCounts }).result;
const elapsed = () => Math.round((Date.now() - started) / 1000);
const view = setInterval(() => {
  void status().then((counts) => say(countsLine(elapsed(), counts, { ...observed.counts, ...remediation.counts })));
}, process.stdout.isTTY ? 2_000 : 5_000);

let stopping = false;
async function stop(code: number): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  clearInterval(view);
  for (const loop of loops) clearInterval(loop);
  audits.stop();
  const counts = await status().catch(() => undefined);
  const audit = await audits.summary().catch(() => undefined);
  const remediated = await remediationSummary(stack, remediation).catch(() => undefined);
  await stack.stop();
  await controlPlane.close();
  await emulators.stop();
  rmSync(LOCAL_STACK_FILE, { force: true });
  if (counts !== undefined && duration !== undefined) {
    say(JSON.stringify({
      summary: {
        seconds: elapsed(),
        instances: counts.total,
        byState: counts.byState,
        faultsInjected: driver.faults,
        detection: observed.counts,
        ...audit,
        ...(remediated === undefined ? {} : { remediation: remediated }),
      },
    }));
  }
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
if (duration !== undefined) setTimeout(() => void stop(0), duration * 1000);
