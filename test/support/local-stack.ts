/**
 * The local stack (functions wired from serverless.yml) on the shared emulators, under a unique stage, with a
 * stack file so that the warden CLI finds it exactly as it finds `npm start`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { startLocalStack, type LocalStack, type RunnerOptions } from '../../local/runner.ts';
import { main } from '../../cli/main.ts';
import { plainIo, type CliIo } from '../../cli/terminal.ts';
import { credentialsFile } from '../../local/function-url.ts';
import { loadServerlessConfig } from '../../local/serverless-config.ts';

/** The `local` stage's operatorRoles (serverless.yml): the runner's local profiles, mapped to their roles. */
export const LOCAL_OPERATOR_ROLES = String(loadServerlessConfig({ stage: 'local', region: 'us-east-1' }).functions.operator?.environment?.OPERATOR_ROLES ?? '[]');

export interface StackUnderTest {
  stack: LocalStack;
  /** What the runner reported: handler errors of asynchronous deliveries (pollers, rules, schedules). */
  runnerLog: string[];
  stage: string;
  /** Runs the warden CLI against this stack, as if piped (no terminal); returns the exit code and what it printed. */
  warden(...argv: string[]): Promise<{ code: number; out: string }>;
  /** The same with a terminal of the test's making (answers, a clock, no waiting). */
  wardenWith(io: Partial<CliIo>, ...argv: string[]): Promise<{ code: number; out: string }>;
}

export async function startStackUnderTest(options: Partial<RunnerOptions> = {}): Promise<StackUnderTest> {
  const stage = `s${randomUUID().slice(0, 8)}`;
  const runnerLog: string[] = [];
  const stack = await startLocalStack({
    log: (line) => runnerLog.push(line),
    stage,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    sqsEndpoint: inject('sqsEndpoint'),
    ...options,
    // The local stage's role mappings (its principals are the runner's local profiles), under this test stage.
    environment: { POWERTOOLS_LOG_LEVEL: 'ERROR', OPERATOR_ROLES: LOCAL_OPERATOR_ROLES, ...options.environment },
  });
  const dir = mkdtempSync(join(tmpdir(), 'warden-'));
  const file = join(dir, 'stack.json');
  const credentials = join(dir, 'credentials');
  writeFileSync(credentials, credentialsFile(stack.principals), { mode: 0o600 });
  writeFileSync(file, JSON.stringify({
    service: stack.config.service,
    stage,
    region: stack.config.provider.region,
    lambdaEndpoint: stack.lambdaUrl,
    operatorUrl: stack.operatorUrl,
    credentialsFile: credentials,
    pid: process.pid,
  }));
  process.env.WARDEN_STACK_FILE = file;
  // Every test on the local stack also checks least privilege: a call the function's role does not allow fails it.
  const stop = stack.stop.bind(stack);
  stack.stop = async () => {
    await stop();
    const denied = stack.iamViolations();
    if (denied.length > 0) {
      throw new Error(`calls the roles in serverless.yml do not allow:\n${denied.map((d) => `  ${d.function}: ${d.action} ${d.resource ?? ''}`).join('\n')}`);
    }
  };
  return {
    stack,
    runnerLog,
    stage,
    warden: (...argv) => runWarden({}, argv),
    wardenWith: (io, ...argv) => runWarden(io, argv),
  };
}

async function runWarden(io: Partial<CliIo>, argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(argv, (text) => lines.push(text), plainIo(io));
  return { code, out: lines.join('\n') };
}
