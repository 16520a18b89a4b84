/**
 * Runs Fleetwarden's functions in-process, wired exactly as serverless.yml wires them: EventBridge rules on
 * the local bus, SQS event sources as pollers, schedules as timers, and a Lambda Invoke endpoint for direct
 * invocation (the warden CLI and `warden replay` use it through the real Lambda SDK client).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Cron } from 'croner';
import { postSigned, refusedAtTheDoor } from '../cli/operator-call.ts';
import { asFunction, violations, type IamCall, type IamViolation } from './iam-check.ts';
import { lambdaContext } from './lambda-context.ts';
import { startLocalBus, type BusEvent, type LocalBus } from './event-bus.ts';
import { localPrincipals, startFunctionUrl, type LocalPrincipal } from './function-url.ts';
import { startJsonServer, type LocalServer } from './http.ts';
import { provisionResources, resolveIntrinsics, type ResourceMap } from './provision.ts';
import { loadServerlessConfig, type FunctionDefinition, type ServerlessConfig } from './serverless-config.ts';
import { asyncConcurrency, concurrencyLimit, type Limiter } from './concurrency.ts';
import { pollerLimits } from './poller-scaling.ts';
import { startPoller } from './sqs-poller.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export interface RunnerOptions {
  root?: string;
  stage: string;
  region?: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  /** Schedules fire this many times faster than written (a local demo of minutes in seconds). */
  scheduleSpeedup?: number;
  log?: (line: string) => void;
  /** Environment values that override serverless.yml's for this local run (e.g. shorter thresholds). */
  environment?: Record<string, string>;
}

export interface LocalStack {
  config: ServerlessConfig;
  resources: ResourceMap;
  bus: LocalBus;
  /** An SQS client on the local emulator, for sending to and reading from the stack's queues. */
  sqs: SQSClient;
  lambdaUrl: string;
  /** The operator's Function URL: SigV4-verified against `principals` (local/function-url.ts). */
  operatorUrl: string;
  principals: readonly LocalPrincipal[];
  /** Calls the URL refused before the function ran, by reason. */
  urlRefused(): Record<string, number>;
  functionName(key: string): string;
  invoke(key: string, event: unknown): Promise<unknown>;
  /** An operator call through the Function URL, signed as a local profile (default: the local operator). */
  operator(body: Record<string, unknown>, role?: string): Promise<{ ok: boolean; result?: unknown; error?: { name?: string; message?: string } }>;
  /** AWS calls the functions made that their roles in serverless.yml do not allow (see iam-check.ts). */
  iamViolations(): IamViolation[];
  stop(): Promise<void>;
}

const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const LOCAL_CALL_TIMEOUT_MS = 3 * 60_000;

/**
 * Deliveries of an event to a function: Lambda retries an asynchronous invocation twice (after about one and two
 * minutes), and the rule's retry policy redelivers what Lambda would not take; locally both compressed into seconds.
 */
const RETRY_DELAYS_MS = [0, 1_000, 2_000, 4_000];

export async function startLocalStack(opts: RunnerOptions): Promise<LocalStack> {
  const root = opts.root ?? process.cwd();
  const region = opts.region ?? 'us-east-1';
  const log = opts.log ?? (() => undefined);
  const config = loadServerlessConfig({ stage: opts.stage, region, root });
  const dynamo = new DynamoDBClient({ region, endpoint: opts.dynamodbEndpoint, credentials: CREDENTIALS });
  const sqs = new SQSClient({ region, endpoint: opts.sqsEndpoint, credentials: CREDENTIALS });
  const resources = await provisionResources(config, { dynamo, sqs, sqsEndpoint: opts.sqsEndpoint });
  const bus = await startLocalBus(region, log);
  const stoppers: (() => Promise<void>)[] = [];
  const functionName = (key: string) => `${config.service}-${opts.stage}-${key}`;

  Object.assign(process.env, {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: opts.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: opts.sqsEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: bus.url,
    ...functionEnvironment(config, resources, region),
    ...opts.environment,
  });

  const handlers = new Map<string, { fn: FunctionDefinition; handler: Handler }>();
  for (const [key, fn] of Object.entries(config.functions)) {
    handlers.set(key, { fn, handler: await loadHandler(root, fn.handler) });
  }
  const seenCalls = new Set<string>();
  const denied: IamViolation[] = [];
  const recordCall = (key: string, fn: FunctionDefinition) => (call: IamCall) => {
    const id = `${key} ${call.action} ${call.resource ?? ''}`;
    if (seenCalls.has(id)) return;
    seenCalls.add(id);
    for (const violation of violations(fn, [call], resources, region)) {
      denied.push({ function: key, ...violation });
      log(`IAM: ${key} calls ${violation.action}${violation.resource === undefined ? '' : ` on ${violation.resource}`}, which its role in serverless.yml does not allow`);
    }
  };
  const invoke = async (key: string, event: unknown): Promise<unknown> => {
    const entry = handlers.get(key);
    if (entry === undefined) throw new Error(`no function ${key} in serverless.yml`);
    const timeout = entry.fn.timeout ?? config.provider.timeout ?? 6;
    return asFunction(recordCall(key, entry.fn), () => entry.handler(event, lambdaContext(functionName(key), region, timeout)));
  };

  // One queue of asynchronous invocations per function, shared by all its rules.
  const asyncQueues = new Map<string, Limiter>();
  for (const [key, { fn }] of handlers) {
    for (const event of fn.events ?? []) {
      if ('eventBridge' in event) wireEventBridge(key, event.eventBridge as Record<string, unknown>);
      if ('sqs' in event) wireSqs(key, event.sqs as Record<string, unknown>);
      if ('schedule' in event) wireSchedule(key, event.schedule);
    }
  }

  function wireEventBridge(key: string, spec: Record<string, unknown>) {
    const busName = spec.eventBus === undefined ? 'default' : String(resolveIntrinsics(spec.eventBus, resources, region));
    const onFailure = (config.functions[key] as { destinations?: { onFailure?: { arn?: unknown } } }).destinations?.onFailure?.arn;
    const dlqUrl = onFailure === undefined ? undefined : queueUrlForArn(String(resolveIntrinsics(onFailure, resources, region)));
    const queued = asyncQueue(key);
    bus.rules.push({
      functionName: key,
      busName,
      pattern: (spec.pattern ?? {}) as Record<string, unknown>,
      deliver: async (event: BusEvent) => {
        let lastError: unknown;
        for (const delayMs of RETRY_DELAYS_MS) {
          if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
          try {
            await queued(() => invoke(key, event));
            return;
          } catch (error) {
            lastError = error;
          }
        }
        log(`${key}: event ${event.id} failed ${RETRY_DELAYS_MS.length} times: ${String(lastError)}`);
        if (dlqUrl !== undefined) {
          const reason = lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : String(lastError);
          await sqs.send(new SendMessageCommand({
            QueueUrl: dlqUrl,
            MessageBody: JSON.stringify({ requestContext: { functionArn: functionName(key), condition: 'RetriesExhausted' }, responsePayload: { errorMessage: reason }, requestPayload: event }),
          })).catch((error: unknown) => log(`${key}: event ${event.id} is lost: its onFailure queue refused it: ${String(error)}`));
        }
      },
    });
  }

  function asyncQueue(key: string): Limiter {
    let limiter = asyncQueues.get(key);
    if (limiter === undefined) {
      limiter = concurrencyLimit(asyncConcurrency(config.functions[key]?.reservedConcurrency));
      asyncQueues.set(key, limiter);
    }
    return limiter;
  }

  function wireSqs(key: string, spec: Record<string, unknown>) {
    const arn = String(resolveIntrinsics(spec.arn, resources, region));
    const queueUrl = queueUrlForArn(arn);
    const poller = startPoller({
      sqs,
      queueUrl,
      queueArn: arn,
      region,
      batchSize: Number(spec.batchSize ?? 10),
      batchingWindowSeconds: Number(spec.maximumBatchingWindow ?? 0),
      concurrency: pollerLimits(optionalNumber(spec.maximumConcurrency), config.functions[key]?.reservedConcurrency),
      reportBatchItemFailures: spec.functionResponseType === 'ReportBatchItemFailures',
      invoke: (event) => invoke(key, event),
      onError: (error) => log(`${key}: ${error instanceof Error ? error.message : String(error)}`),
    });
    stoppers.push(() => poller.stop());
  }

  function wireSchedule(key: string, spec: unknown) {
    const rate = typeof spec === 'string' ? spec : String((spec as { rate: unknown }).rate);
    const fire = () => {
      void asyncQueue(key)(() => invoke(key, scheduledEvent(rate, region))).catch((error: unknown) => log(`${key}: ${String(error)}`));
    };
    const every = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(rate);
    if (every) {
      const unit = every[2]?.startsWith('minute') ? 60_000 : every[2]?.startsWith('hour') ? 3_600_000 : 86_400_000;
      const timer = setInterval(fire, (Number(every[1]) * unit) / (opts.scheduleSpeedup ?? 1));
      stoppers.push(async () => clearInterval(timer));
      return;
    }
    const cron = /^cron\((.+)\)$/.exec(rate);
    if (cron?.[1] === undefined) throw new Error(`unsupported schedule ${rate}`);
    const job = new Cron(awsCronToStandard(cron[1]), { timezone: 'UTC' }, fire);
    stoppers.push(async () => job.stop());
  }

  function queueUrlForArn(arn: string): string {
    const found = Object.values(resources).find((r) => r.attrs.Arn === arn);
    if (found === undefined) throw new Error(`local stack: no queue with ARN ${arn}`);
    return found.ref;
  }

  const lambda = await startLambdaEndpoint(handlers, functionName, invoke);
  const principals = localPrincipals();
  const door = await startFunctionUrl((event) => invoke('operator', event), principals, region, log);
  return {
    config,
    resources,
    bus,
    sqs,
    lambdaUrl: lambda.url,
    operatorUrl: door.url,
    principals,
    urlRefused: door.refused,
    functionName,
    invoke,
    async operator(body, role = 'operator') {
      const principal = principals.find((p) => p.profile === `fleetwarden-local-${role}`);
      if (principal === undefined) throw new Error(`no local profile fleetwarden-local-${role}`);
      // The stack's own demos wait as long as a busy local stack needs (a roll plan of 1,000 instances under load: about
      // a minute); a call that outlasts 3 minutes is reported (`! audit demo: no answer ...`), not waited on for ever.
      const { status, text } = await postSigned(new URL(door.url), region, principal, JSON.stringify(body), LOCAL_CALL_TIMEOUT_MS);
      if (status >= 500 || refusedAtTheDoor(status, text)) throw new Error(`operator URL answered ${status}: ${text.slice(0, 300)}`);
      return JSON.parse(text) as { ok: boolean; result?: unknown; error?: { name?: string; message?: string } };
    },
    iamViolations: () => [...denied],
    async stop() {
      await Promise.all(stoppers.map((stop) => stop()));
      await Promise.all([bus.close(), lambda.close(), door.close()]);
    },
  };
}

const optionalNumber = (value: unknown) => (value === undefined ? undefined : Number(value));

function functionEnvironment(config: ServerlessConfig, resources: ResourceMap, region: string): Record<string, string> {
  const env: Record<string, string> = {};
  const sources = [config.provider.environment ?? {}, ...Object.values(config.functions).map((f) => f.environment ?? {})];
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) {
      const resolved = String(resolveIntrinsics(value, resources, region));
      if (env[name] !== undefined && env[name] !== resolved) {
        throw new Error(`local stack: ${name} has two values across functions; give them distinct names`);
      }
      env[name] = resolved;
    }
  }
  return env;
}

async function loadHandler(root: string, handlerPath: string): Promise<Handler> {
  const dot = handlerPath.lastIndexOf('.');
  const module = (await import(pathToFileURL(resolve(root, `${handlerPath.slice(0, dot)}.ts`)).href)) as Record<string, unknown>;
  const handler = module[handlerPath.slice(dot + 1)];
  if (typeof handler !== 'function') throw new Error(`${handlerPath} does not export a handler function`);
  return handler as Handler;
}

function scheduledEvent(rule: string, region: string): BusEvent {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:000000000000:rule/${rule}`],
    detail: {},
  };
}

/** AWS cron has six fields (min hour dom month dow year) and `?`; croner takes five. */
function awsCronToStandard(expression: string): string {
  const [min, hour, dom, month, dow] = expression.split(/\s+/);
  return [min, hour, dom, month, dow].map((f) => (f === '?' ? '*' : f)).join(' ');
}

async function startLambdaEndpoint(
  handlers: Map<string, unknown>,
  functionName: (key: string) => string,
  invoke: (key: string, event: unknown) => Promise<unknown>,
): Promise<LocalServer> {
  const byName = new Map([...handlers.keys()].map((key) => [functionName(key), key]));
  return startJsonServer(async (req, body) => {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
    const key = match?.[1] === undefined ? undefined : byName.get(decodeURIComponent(match[1]));
    if (key === undefined) return { status: 404, body: { Type: 'User', Message: `Function not found: ${match?.[1] ?? req.url}` } };
    try {
      return { status: 200, body: (await invoke(key, body === '' ? {} : JSON.parse(body))) ?? null };
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      return { status: 200, headers: { 'x-amz-function-error': 'Unhandled' }, body: { errorType: err.name, errorMessage: err.message } };
    }
  });
}
