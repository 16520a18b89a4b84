/**
 * Where the CLI sends its commands. Without flags: the local stack that `npm start` runs (found through
 * .local/stack.json). With --stage (and --region): the deployed operator function of that stage.
 * Either way the call is a Lambda Invoke through the real SDK.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Written by `npm start`; WARDEN_STACK_FILE points the CLI at another local stack. */
export const LOCAL_STACK_FILE = resolve(REPO_ROOT, '.local/stack.json');
const stackFile = () => process.env.WARDEN_STACK_FILE ?? LOCAL_STACK_FILE;

export interface LocalStackInfo {
  stage: string;
  region: string;
  lambdaEndpoint: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  eventBridgeEndpoint: string;
  pid: number;
  service: string;
}

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

export interface Target {
  describe: string;
  functionName(key: string): string;
  client: LambdaClient;
  local?: LocalStackInfo;
}

export function findTarget(opts: { stage?: string | undefined; region?: string | undefined }): Target {
  if (opts.stage !== undefined) {
    const region = opts.region ?? process.env.AWS_REGION ?? 'us-east-1';
    return {
      describe: `stage ${opts.stage} in ${region}`,
      functionName: (key) => `fleetwarden-${opts.stage}-${key}`,
      client: new LambdaClient({ region }),
    };
  }
  const file = stackFile();
  if (!existsSync(file)) {
    throw new CliError('no local stack is running (start one with `npm start`), or name a deployed one with --stage');
  }
  const local = JSON.parse(readFileSync(file, 'utf8')) as LocalStackInfo;
  if (!isAlive(local.pid)) throw new CliError(`the local stack recorded in ${file} is not running; start it with \`npm start\``);
  return {
    describe: `local stack (pid ${local.pid})`,
    functionName: (key) => `${local.service}-${local.stage}-${key}`,
    client: new LambdaClient({ region: local.region, endpoint: local.lambdaEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    local,
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Invokes a function synchronously and returns its JSON answer; a function error becomes a CliError. */
export async function invokeFunction(target: Target, key: string, payload: unknown): Promise<unknown> {
  const out = await target.client.send(
    new InvokeCommand({ FunctionName: target.functionName(key), Payload: new TextEncoder().encode(JSON.stringify(payload)) }),
  );
  const text = out.Payload ? new TextDecoder().decode(out.Payload) : 'null';
  const body = JSON.parse(text) as unknown;
  if (out.FunctionError) {
    const err = body as { errorType?: string; errorMessage?: string };
    throw new CliError(`${key} failed: ${err.errorType ?? 'Error'}: ${err.errorMessage ?? text}`);
  }
  return body;
}
