/**
 * What a cold start carries, per function, for two builds side by side in one run: the build before lean zips
 * (unminified, source map inline in the zip) and the build serverless.yml makes now (minified, names kept, source map
 * beside the zip). Measured: the bundle, what the zip holds deflated at level 9 (the zips `npm run package` writes
deflate a little less), and module initialisation (require
 * the bundle in a fresh `node`, the AWS SDK resolved from node_modules as the Lambda runtime provides it), median of
 * several runs. The times are informational: nothing asserts on them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { build } from 'esbuild';
import { loadServerlessConfig } from '../local/serverless-config.ts';

export interface ColdStartRow {
  function: string;
  build: 'before' | 'now';
  bundleKB: number;
  zipKB: number;
  initMsMedian: number;
}

/** `before` ran with NODE_OPTIONS=--enable-source-maps, which makes Node read the map as the module loads. */
const BUILDS = {
  before: { esbuild: { minify: false, keepNames: false, sourcemap: 'linked' as const }, nodeOptions: ['--enable-source-maps'] },
  now: { esbuild: { minify: true, keepNames: true, sourcemap: false as const }, nodeOptions: [] },
};
const RUNS = 7;
const OUT = resolve('.esbuild/coldstart');

function initMs(file: string, nodeOptions: string[]): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const run = () => execFileSync(process.execPath, [...nodeOptions, '-e', script], { env: { ...process.env, AWS_REGION: 'us-east-1' } }).toString();
  const times = Array.from({ length: RUNS }, () => Number(run()));
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? Number.NaN;
}

export async function benchColdStart(): Promise<ColdStartRow[]> {
  const config = loadServerlessConfig({ stage: 'bench', region: 'us-east-1' });
  rmSync(OUT, { recursive: true, force: true });
  const rows: ColdStartRow[] = [];
  for (const [name, fn] of Object.entries(config.functions)) {
    const entry = `${fn.handler.slice(0, fn.handler.lastIndexOf('.'))}.ts`;
    for (const [variant, options] of Object.entries(BUILDS) as [keyof typeof BUILDS, (typeof BUILDS)[keyof typeof BUILDS]][]) {
      const dir = join(OUT, variant, name);
      mkdirSync(dir, { recursive: true });
      const outfile = join(dir, 'handler.cjs');
      await build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node22', format: 'cjs', external: ['@aws-sdk/*'], outfile, logLevel: 'error', ...options.esbuild });
      const code = readFileSync(outfile);
      // The zip held the bundle and, before, its map: each deflated.
      const zipped = [code, ...(options.esbuild.sourcemap === false ? [] : [readFileSync(`${outfile}.map`)])];
      rows.push({
        function: name,
        build: variant,
        bundleKB: Math.round(code.length / 1024),
        zipKB: Math.round(zipped.reduce((sum, file) => sum + deflateRawSync(file, { level: 9 }).length, 0) / 1024),
        initMsMedian: Math.round(initMs(outfile, options.nodeOptions)),
      });
    }
  }
  return rows;
}
