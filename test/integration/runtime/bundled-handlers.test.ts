/**
 * The functions as `npm run package` bundles them (serverless.yml's custom.esbuild: the AWS SDK inside, the credential
 * links Lambda cannot use left out), loaded from a directory with no node_modules, run against the emulators: the
 * bundled SDK signs with the environment's credentials and talks to DynamoDB, SQS and EventBridge. The other tests
 * run the TypeScript sources; this one runs what ships.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../local/event-bus.ts';
import { lambdaContext } from '../../../local/lambda-context.ts';
import { esbuildOptions } from '../../../local/serverless-config.ts';
import { startStackUnderTest, type StackUnderTest } from '../../support/local-stack.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

let under: StackUnderTest;
const published: BusEvent[] = [];
const bundled = new Map<string, Handler>();
const event = (file: string): unknown => JSON.parse(readFileSync(`events/${file}`, 'utf8'));
const invoke = (name: string, payload: unknown) => {
  const handler = bundled.get(name);
  if (handler === undefined) throw new Error(`${name} was not bundled`);
  return handler(payload, lambdaContext(under.stack.functionName(name), 'us-east-1', 30));
};

beforeAll(async () => {
  under = await startStackUnderTest();
  under.stack.bus.onEvent((e) => published.push(e));
  const dir = mkdtempSync(join(tmpdir(), 'fleetwarden-bundles-'));
  const load = createRequire(join(dir, 'index.cjs'));
  for (const name of ['provisioning', 'heartbeat']) {
    const fn = under.stack.config.functions[name];
    if (fn === undefined) throw new Error(`no function ${name} in serverless.yml`);
    const outfile = join(dir, `${name}.cjs`);
    await build({ ...esbuildOptions(under.stack.config), entryPoints: [`${fn.handler.slice(0, fn.handler.lastIndexOf('.'))}.ts`], outfile, logLevel: 'silent' });
    bundled.set(name, (load(outfile) as { handler: Handler }).handler);
  }
});

afterAll(async () => {
  await under.stack.stop();
});

describe('the bundled functions', () => {
  it('register an instance, make it available, and publish its state changes on the fleet bus', async () => {
    await expect(invoke('provisioning', event('fleet-instance-created.json'))).resolves.toMatchObject({ outcome: 'applied', instanceId: 'pg-orders-1', state: 'installing' });
    await expect(invoke('provisioning', event('fleet-instance-ready.json'))).resolves.toMatchObject({ outcome: 'applied', instanceId: 'pg-orders-1', state: 'available' });
    await expect.poll(() => published.filter((e) => e['detail-type'] === 'InstanceStateChanged').length).toBe(2);
  });

  it('record a batch of cell heartbeats from SQS, every record taken', async () => {
    const result = await invoke('heartbeat', event('heartbeat-sqs-batch.json')) as { batchItemFailures: unknown[]; reports: { outcome: string }[] };
    expect(result.batchItemFailures).toEqual([]);
    expect(result.reports.map((r) => r.outcome)).toContain('recorded');
  });
});
