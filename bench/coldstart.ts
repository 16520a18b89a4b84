/**
 * What a cold start carries, per function, for two builds side by side in one run:
 * - `before`: main before the cold-start work of issue 12 (commit d84316a): its functions/ and shared/ (taken with
 *   `git archive`), built as its serverless.yml did: minified, names kept, the AWS SDK left out of the bundle and
 *   taken from the Lambda runtime, here resolved from node_modules (its CommonJS builds, as the runtime has them);
 * - `now`: what serverless.yml's custom.esbuild builds today, read from the file, its esbuild plugins included.
 * Measured: the bundle, what the zip holds (the bundle deflated at level 9; the zips `npm run package` writes
 * deflate a little less), and module initialisation in a fresh `node`, median of 7 runs (the two builds' runs
 * alternate, so a busy machine slows both alike):
 * - `init`: `require` of the bundle, then the wiring its first invocation does before it reads the event (the deps
 *   factories of shared/runtime, which construct the AWS SDK clients the function uses; WIRING below). The SDK
 *   builds a client's configuration when the client is constructed, so a require alone would leave that out.
 * - its CPU time (user and system, all of node's threads), less swayed than the wall clock by a busy machine;
 * - `require`: the `require` alone.
 * A last row measures the SDK clients most functions use, alone: the floor the SDK sets under every function.
 * The times are informational: nothing asserts on them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import { esbuildOptions, loadServerlessConfig } from '../local/serverless-config.ts';

export interface ColdStartRow {
  function: string;
  build: 'before' | 'now';
  bundleKB: number;
  zipKB: number;
  /** require + the first invocation's wiring (SDK clients constructed), median. */
  initMsMedian: number;
  /** The CPU time (user + system, all of node's threads) of the same, median: less swayed by a busy machine. */
  initCpuMsMedian: number;
  /** require alone, median. */
  requireMsMedian: number;
}

type Variant = ColdStartRow['build'];

const RUNS = 7;
const OUT = resolve('.esbuild/coldstart');

/**
 * The wiring each handler does in its first invocation, before it reads its event (or, for the SQS clients of
 * auditStart and the sweeper, as it sends its first message): the shared/runtime modules, and the calls.
 */
const WIRING: Record<string, { imports: Record<string, string[]>; wire: string }> = {
  operator: { imports: { 'operator-deps.ts': ['operatorDeps'] }, wire: 'operatorDeps()' },
  provisioning: { imports: { 'deps.ts': ['runtimeDeps'] }, wire: 'runtimeDeps()' },
  heartbeat: { imports: { 'detection-deps.ts': ['detectionDeps', 'batchOptions'] }, wire: "detectionDeps(); batchOptions('HEARTBEAT_DLQ_URL')" },
  sweeper: { imports: { 'detection-deps.ts': ['sweeperDeps'] }, wire: 'sweeperDeps()' },
  sweepWorker: { imports: { 'detection-deps.ts': ['detectionDeps', 'batchOptions'] }, wire: "detectionDeps(); batchOptions('SWEEP_DLQ_URL')" },
  alarmIntake: { imports: { 'alarm-intake.ts': ['alarmIntakeDeps', 'alarmMappingFromEnv'] }, wire: 'alarmIntakeDeps(alarmMappingFromEnv())' },
  auditStart: { imports: { 'audit-deps.ts': ['auditDeps'], 'clients.ts': ['sqsClient'] }, wire: 'auditDeps(); sqsClient()' },
  auditShard: { imports: { 'audit-deps.ts': ['auditDeps', 'auditBatchOptions'] }, wire: 'auditDeps(); auditBatchOptions()' },
  advisoryRoll: { imports: { 'audit-deps.ts': ['auditDeps'] }, wire: 'auditDeps()' },
  planner: { imports: { 'remediation-deps.ts': ['plannerDeps'] }, wire: 'plannerDeps()' },
  remediationWorker: { imports: { 'detection-deps.ts': ['batchOptions'], 'remediation-deps.ts': ['workerDeps'] }, wire: "batchOptions('REMEDIATION_DLQ_URL', 5); workerDeps()" },
};

/** main before this work: its functions and shared code (taken from git), and serverless.yml's custom.esbuild then. */
const BEFORE_COMMIT = 'd84316aa59d169524a0a869c1a9563ffe089d45d';
const BEFORE: BuildOptions = { minify: true, keepNames: true, target: 'node22', platform: 'node', format: 'cjs', external: ['@aws-sdk/*'] };

/** The source tree each build is made from: `before` is main's at BEFORE_COMMIT, extracted beside the bundles. */
function sourceRoot(variant: Variant): string {
  if (variant === 'now') return resolve('.');
  const root = join(OUT, 'before-src');
  mkdirSync(root, { recursive: true });
  execFileSync('sh', ['-c', `git archive --format=tar ${BEFORE_COMMIT} functions shared | tar -x -C ${JSON.stringify(root)}`]);
  return root;
}

/** Every environment variable serverless.yml gives the function, CloudFormation references as placeholders. */
function environmentOf(config: ReturnType<typeof loadServerlessConfig>, name: string): Record<string, string> {
  const all = { ...config.provider.environment, ...config.functions[name]?.environment };
  return Object.fromEntries(Object.entries(all).map(([key, value]) => [key, typeof value === 'string' || typeof value === 'number' ? String(value) : `https://bench.invalid/${key}`]));
}

interface Timing {
  require: number;
  init: number;
  cpu: number;
}

function timeOnce(file: string, env: NodeJS.ProcessEnv): Timing {
  const script = [
    'const c0 = process.cpuUsage();',
    'const t0 = process.hrtime.bigint();',
    `const m = require(${JSON.stringify(file)});`,
    'const t1 = process.hrtime.bigint();',
    'm.wire();',
    'const t2 = process.hrtime.bigint();',
    'const cpu = process.cpuUsage(c0);',
    "process.stdout.write('\\ncoldstart ' + JSON.stringify({ require: Number(t1 - t0) / 1e6, init: Number(t2 - t0) / 1e6, cpu: (cpu.user + cpu.system) / 1e3 }));",
  ].join('\n');
  const output = execFileSync(process.execPath, ['-e', script], { env }).toString();
  const line = output.split('\n').find((l) => l.startsWith('coldstart '));
  if (line === undefined) throw new Error(`no timing from ${file}: ${output}`);
  return JSON.parse(line.slice('coldstart '.length)) as Timing;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** What is measured: the source of the timed entry (exporting `wire`) and, when it differs, the entry sized. */
interface Target {
  name: string;
  env: NodeJS.ProcessEnv;
  /** The module whose bundle is sized; the timed entry if undefined. */
  sized?: (root: string) => string;
  timed: (root: string) => string;
}

/** A reference row: the three SDK clients most functions use, alone, constructed as shared/runtime/clients.ts does. */
const SDK_ALONE = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
export function wire(): void {
  DynamoDBDocumentClient.from(new DynamoDBClient({}));
  new SQSClient({});
  new EventBridgeClient({});
}
`;

export async function benchColdStart(): Promise<ColdStartRow[]> {
  const config = loadServerlessConfig({ stage: 'bench', region: 'us-east-1' });
  const builds: Record<Variant, BuildOptions> = { before: BEFORE, now: esbuildOptions(config) };
  rmSync(OUT, { recursive: true, force: true });
  const roots: Record<Variant, string> = { before: sourceRoot('before'), now: sourceRoot('now') };
  const baseEnv = { ...process.env, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench' };
  const targets: Target[] = Object.entries(config.functions).map(([name, fn]) => {
    const wiring = WIRING[name];
    if (wiring === undefined) throw new Error(`bench/coldstart.ts: no WIRING for function ${name}; add what its handler wires first`);
    const handler = (root: string) => join(root, `${fn.handler.slice(0, fn.handler.lastIndexOf('.'))}.ts`);
    const imports = (root: string) => Object.entries(wiring.imports).map(([from, names]) => `import { ${names.join(', ')} } from ${JSON.stringify(join(root, 'shared/runtime', from))};`);
    return {
      name,
      env: { ...baseEnv, ...environmentOf(config, name) },
      sized: handler,
      timed: (root) => [`export * from ${JSON.stringify(handler(root))};`, ...imports(root), `export function wire(): void {\n  ${wiring.wire};\n}`, ''].join('\n'),
    };
  });
  targets.push({ name: '(the SDK clients alone)', env: baseEnv, timed: () => SDK_ALONE });

  const rows: ColdStartRow[] = [];
  for (const target of targets) {
    const files = {} as Record<Variant, string>;
    const sizes = {} as Record<Variant, { bundleKB: number; zipKB: number }>;
    for (const variant of ['before', 'now'] as const) {
      const dir = join(OUT, variant, target.name.replace(/\W+/g, '-'));
      mkdirSync(dir, { recursive: true });
      const entry = join(dir, 'timed.ts');
      writeFileSync(entry, target.timed(roots[variant]));
      files[variant] = join(dir, 'timed.cjs');
      await build({ entryPoints: [entry], bundle: true, outfile: files[variant], logLevel: 'error', ...builds[variant] });
      // The handler's own bundle is what the zip holds: sized apart from the entry that also exports the wiring.
      let sizedFile = files[variant];
      if (target.sized !== undefined) {
        sizedFile = join(dir, 'handler.cjs');
        await build({ entryPoints: [target.sized(roots[variant])], bundle: true, outfile: sizedFile, logLevel: 'error', ...builds[variant] });
      }
      const code = readFileSync(sizedFile);
      sizes[variant] = { bundleKB: Math.round(code.length / 1024), zipKB: Math.round(deflateRawSync(code, { level: 9 }).length / 1024) };
    }
    const timings: Record<Variant, Timing[]> = { before: [], now: [] };
    for (let run = 0; run < RUNS; run++) {
      for (const variant of ['before', 'now'] as const) timings[variant].push(timeOnce(files[variant], target.env));
    }
    for (const variant of ['before', 'now'] as const) {
      rows.push({
        function: target.name,
        build: variant,
        ...sizes[variant],
        initMsMedian: Math.round(median(timings[variant].map((t) => t.init))),
        initCpuMsMedian: Math.round(median(timings[variant].map((t) => t.cpu))),
        requireMsMedian: Math.round(median(timings[variant].map((t) => t.require))),
      });
    }
  }
  return rows;
}
