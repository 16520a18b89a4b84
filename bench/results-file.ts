/**
 * bench/results.json: what `npm run bench` measured, per benchmark, with a fingerprint of the source the figures
 * depend on, so that `npm run cost` can tell figures measured on older code from current ones. The fingerprint is
 * a hash of every local file the benchmark's module imports (found by esbuild, as the bundler sees the graph) and
 * of serverless.yml (the stack the benchmarks provision from). A benchmark run alone replaces only its own entry.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { build } from 'esbuild';

export const RESULTS_FILE = resolve('bench/results.json');

/** Besides the imports: what the stack is provisioned from. */
const ALSO_HASHED = ['serverless.yml'];

export interface SourceFingerprint {
  /** sha256 over the files' paths and contents, in path order. */
  hash: string;
  files: number;
}

export interface BenchEntry<Rows = unknown> {
  measuredAt: string;
  sources: SourceFingerprint;
  rows: Rows;
}

export type ResultsFile = Record<string, BenchEntry>;

/** The local files `entry` imports, transitively, relative to `root`, sorted. */
async function importedFiles(entry: string, root: string): Promise<string[]> {
  const out = await build({
    entryPoints: [resolve(root, entry)],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  return Object.keys(out.metafile.inputs).map((file) => relative(root, resolve(root, file))).sort();
}

/** The fingerprint of what `bench/<benchmark>.ts` measures. */
export async function fingerprint(benchmark: string, root = process.cwd()): Promise<SourceFingerprint> {
  const files = [...new Set([...(await importedFiles(`bench/${benchmark}.ts`, root)), ...ALSO_HASHED])].sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(resolve(root, file))).update('\0');
  return { hash: hash.digest('hex'), files: files.length };
}

export function readResults(file = RESULTS_FILE): ResultsFile {
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, 'utf8')) as ResultsFile;
}

/** Records `rows` for each benchmark run now, keeping the entries of those not run. */
export async function writeResults(measured: Record<string, unknown>, file = RESULTS_FILE, now = new Date()): Promise<void> {
  const results = readResults(file);
  for (const [benchmark, rows] of Object.entries(measured)) {
    results[benchmark] = { measuredAt: now.toISOString(), sources: await fingerprint(benchmark), rows };
  }
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

export interface Freshness {
  missing: string[];
  /** Benchmarks whose source changed since they were measured. */
  stale: { benchmark: string; measuredAt: string }[];
}

/** Which of `needed` the file lacks, and which were measured on source that has changed since. */
export async function checkFreshness(results: ResultsFile, needed: readonly string[], root = process.cwd()): Promise<Freshness> {
  const freshness: Freshness = { missing: [], stale: [] };
  for (const benchmark of needed) {
    const entry = results[benchmark];
    if (entry === undefined) freshness.missing.push(benchmark);
    else if (entry.sources?.hash !== (await fingerprint(benchmark, root)).hash) freshness.stale.push({ benchmark, measuredAt: entry.measuredAt });
  }
  return freshness;
}
