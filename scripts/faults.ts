/**
 * `npm run faults`: the fault suite at full size (10,000 fuzzed events per handler, 1,000 deliveries per event kind,
 * every fault kind at every call site, a crash at every call), then its table: what docs/RELIABILITY.md records.
 * `npm run faults -- --reduced` runs the size `npm test` runs. Call sites found: every AWS SDK command the
 * product's code constructs (found by reading shared/ and functions/), against those a fault was injected at.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Row } from '../test/integration/faults/results.ts';

const results = join(tmpdir(), `fleetwarden-faults-${process.pid}.jsonl`);
const reduced = process.argv.includes('--reduced');
rmSync(results, { force: true });
const run = spawnSync('npx', ['vitest', 'run', '--project', 'integration', 'test/integration/faults'], {
  stdio: 'inherit',
  env: { ...process.env, FAULTS_SIZE: reduced ? 'reduced' : 'full', FAULTS_RESULTS: results },
});


const rows: Row[] = existsSync(results) ? readFileSync(results, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row) : [];
const cell = (v: number | undefined) => (v === undefined ? '' : String(v));
const lines = [
  '| part | subject | cases | rejected | unhandled crashes | writes on rejected input | double effects | lost | max calls per event |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.part} | ${r.subject} | ${r.cases} | ${cell(r.rejected)} | ${r.crashes} | ${cell(r.writesOnRejected)} | ${cell(r.doubleEffects)} | ${cell(r.lost)} | ${cell(r.maxCalls)} |`),
];
const sum = (f: (r: Row) => number | undefined) => rows.reduce((n, r) => n + (f(r) ?? 0), 0);
const found = sdkCallSites();
const faulted = new Set(rows.filter((r) => r.part === 'faults').flatMap((r) => r.sites ?? []));
const reached = new Set(rows.flatMap((r) => r.sites ?? []));
console.log(`\n${lines.join('\n')}\n`);
console.log(`events fuzzed per handler: ${[...new Set(rows.filter((r) => r.part === 'fuzz').map((r) => r.cases))].join(', ')}`);
console.log(`unhandled crashes: ${sum((r) => r.crashes)}; writes on rejected input: ${sum((r) => r.writesOnRejected)}; double effects: ${sum((r) => r.doubleEffects)}; lost: ${sum((r) => r.lost)}`);
console.log(`call sites (service:Command) in the code: ${found.size}; reached by the suite: ${[...found].filter((s) => reached.has(s)).length}; faulted: ${[...found].filter((s) => faulted.has(s)).length}`);
console.log(`  faulted: ${[...found].filter((s) => faulted.has(s)).join(' ')}`);
console.log(`  not faulted: ${[...found].filter((s) => !faulted.has(s)).join(' ')}`);
rmSync(results, { force: true });
process.exit(run.status ?? 1);

/** Every SDK command the product constructs, as service:Operation (document-client commands as the DynamoDB API names them). */
function sdkCallSites(): Set<string> {
  const DOCUMENT: Record<string, string> = { Put: 'PutItem', Get: 'GetItem', Update: 'UpdateItem', Delete: 'DeleteItem', BatchGet: 'BatchGetItem', BatchWrite: 'BatchWriteItem', TransactWrite: 'TransactWriteItems', TransactGet: 'TransactGetItems' };
  const SERVICE: Record<string, string> = { 'lib-dynamodb': 'dynamodb', 'client-dynamodb': 'dynamodb', 'client-sqs': 'sqs', 'client-eventbridge': 'events', 'client-cloudwatch': 'cloudwatch', 'client-ssm': 'ssm', 'client-lambda': 'lambda' };
  const sites = new Set<string>();
  for (const file of walk('shared').concat(walk('functions'))) {
    const text = readFileSync(file, 'utf8');
    for (const [, names, pkg] of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/([a-z-]+)'/g)) {
      const service = SERVICE[pkg ?? ''];
      if (service === undefined) continue;
      for (const name of (names ?? '').split(',').map((n) => n.replace(/^type\s+/, '').trim())) {
        const command = /^(\w+)Command$/.exec(name)?.[1] ?? (name === 'paginateQuery' ? 'Query' : name === 'paginateScan' ? 'Scan' : undefined);
        if (command === undefined || !new RegExp(`new ${name}\\(|${name}\\(`).test(text)) continue;
        sites.add(`${service}:${pkg === 'lib-dynamodb' ? (DOCUMENT[command] ?? command) : command}`);
      }
    }
  }
  return new Set([...sites].sort());
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = `${dir}/${name}`;
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}
