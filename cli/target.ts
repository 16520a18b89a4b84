/**
 * Where the CLI sends its commands. Without flags: the local stack that `npm start` runs (found through
 * .local/stack.json). With --stage (and --region): the deployed operator function of that stage.
 * Either way the call is a Lambda Invoke through the real SDK.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetFunctionUrlConfigCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Credentials } from './signing.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Written by `npm start`; WARDEN_STACK_FILE points the CLI at another local stack. */
export const LOCAL_STACK_FILE = resolve(REPO_ROOT, '.local/stack.json');
/** The local profiles `npm start` writes (fleetwarden-local-viewer, -operator, -breakglass), fresh each run. */
export const LOCAL_CREDENTIALS_FILE = resolve(REPO_ROOT, '.local/credentials');
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
  /** The operator's Function URL and the credentials file with the local profiles (written by `npm start`). */
  operatorUrl?: string;
  credentialsFile?: string;
}

/** Where the operator door is and who signs: the URL, the region to sign for, and the caller's credentials. */
export interface OperatorDoor {
  url: URL;
  region: string;
  /** Who signs, for messages: a profile name or "the default credential chain". */
  signer: string;
  credentials(): Promise<Credentials>;
}

/** The profile the CLI signs with on the local stack: AWS_PROFILE if it is a local one, else the local operator. */
export const LOCAL_DEFAULT_PROFILE = 'fleetwarden-local-operator';

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
  operatorDoor(): Promise<OperatorDoor>;
}

export function findTarget(opts: { stage?: string | undefined; region?: string | undefined }): Target {
  if (opts.stage !== undefined) {
    const region = opts.region ?? process.env.AWS_REGION ?? 'us-east-1';
    const client = new LambdaClient({ region });
    const functionName = (key: string) => `fleetwarden-${opts.stage}-${key}`;
    return {
      describe: `stage ${opts.stage} in ${region}`,
      functionName,
      client,
      operatorDoor: async () => ({
        url: new URL(process.env.WARDEN_OPERATOR_URL ?? (await deployedOperatorUrl(client, functionName('operator')))),
        region,
        signer: process.env.AWS_PROFILE === undefined ? 'the default AWS credential chain' : `profile ${process.env.AWS_PROFILE}`,
        credentials: deployedCredentials(),
      }),
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
    operatorDoor: async () => localDoor(local),
  };
}

function localDoor(local: LocalStackInfo): OperatorDoor {
  if (local.operatorUrl === undefined || local.credentialsFile === undefined) {
    throw new CliError('this local stack has no operator URL; restart it with `npm start`');
  }
  const asked = process.env.AWS_PROFILE;
  const profile = asked?.startsWith('fleetwarden-local-') === true ? asked : LOCAL_DEFAULT_PROFILE;
  const filepath = local.credentialsFile;
  return {
    url: new URL(local.operatorUrl),
    region: local.region,
    signer: `profile ${profile}`,
    credentials: async () => {
      try {
        return await fromIni({ profile, filepath, configFilepath: filepath })();
      } catch (error) {
        throw new CliError(`no local profile ${profile} in ${filepath} (the local profiles are fleetwarden-local-viewer, -operator, -breakglass): ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

/** The default credential chain; none found becomes what to do about it. */
function deployedCredentials(): () => Promise<Credentials> {
  const chain = fromNodeProviderChain();
  return async () => {
    try {
      return await chain();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new CliError(`no AWS credentials found (${detail.slice(0, 200)}): sign in first (\`aws sso login --profile NAME\`, then AWS_PROFILE=NAME), or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`);
    }
  };
}

async function deployedOperatorUrl(client: LambdaClient, functionName: string): Promise<string> {
  try {
    const out = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: functionName }));
    if (out.FunctionUrl === undefined) throw new Error('no FunctionUrl in the answer');
    return out.FunctionUrl;
  } catch (error) {
    throw new CliError(`cannot find the operator's Function URL of ${functionName} (set WARDEN_OPERATOR_URL, or allow lambda:GetFunctionUrlConfig): ${error instanceof Error ? error.message : String(error)}`);
  }
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
