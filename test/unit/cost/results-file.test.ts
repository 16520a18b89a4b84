import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshResults, NEEDED, StaleResultsError } from '../../../bench/cost/run.ts';
import { fingerprint, type ResultsFile } from '../../../bench/results-file.ts';

function aProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'fingerprint-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function resultsFile(hashOf: (benchmark: string) => Promise<string>): Promise<string> {
  const results: ResultsFile = {};
  for (const benchmark of NEEDED) results[benchmark] = { measuredAt: '2026-12-06T07:00:00.000Z', sources: { hash: await hashOf(benchmark), files: 1 }, rows: [] };
  const file = join(mkdtempSync(join(tmpdir(), 'results-')), 'results.json');
  writeFileSync(file, JSON.stringify(results));
  return file;
}

describe('the source fingerprint of a benchmark', () => {
  it('changes with a file the benchmark imports or serverless.yml, not with any other file', async () => {
    const root = aProject({
      'bench/demo.ts': "import { f } from '../shared/used.ts';\nexport const x = f();\n",
      'shared/used.ts': 'export const f = () => 1;\n',
      'shared/unused.ts': 'export const g = () => 2;\n',
      'serverless.yml': 'service: demo\n',
    });
    const before = await fingerprint('demo', root);
    expect(before.files).toBe(3);
    writeFileSync(join(root, 'shared/unused.ts'), 'export const g = () => 3;\n');
    expect((await fingerprint('demo', root)).hash).toBe(before.hash);
    writeFileSync(join(root, 'shared/used.ts'), 'export const f = () => 2;\n');
    const afterImport = await fingerprint('demo', root);
    expect(afterImport.hash).not.toBe(before.hash);
    writeFileSync(join(root, 'serverless.yml'), 'service: other\n');
    expect((await fingerprint('demo', root)).hash).not.toBe(afterImport.hash);
  });
});

describe('npm run cost and a results file', () => {
  it('refuses figures measured on source that has changed since, and says how to refresh them', async () => {
    const file = await resultsFile(async (benchmark) => (benchmark === 'detection' ? 'measured-on-older-source' : (await fingerprint(benchmark)).hash));
    const refused = await freshResults(file, false).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StaleResultsError);
    expect((refused as StaleResultsError).freshness.stale.map((s) => s.benchmark)).toEqual(['detection']);
    expect((refused as Error).message).toContain('detection: measured 2026-12-06T07:00:00.000Z on source that has changed since');
    expect((refused as Error).message).toContain('npm run bench -- detection');
  });

  it('prices stale figures only when told to, and names them', async () => {
    const file = await resultsFile(async (benchmark) => (benchmark === 'audits' ? 'older' : (await fingerprint(benchmark)).hash));
    const { freshness } = await freshResults(file, true);
    expect(freshness.stale.map((s) => s.benchmark)).toEqual(['audits']);
  });

  it('accepts figures measured on the current source', async () => {
    const file = await resultsFile(async (benchmark) => (await fingerprint(benchmark)).hash);
    expect((await freshResults(file, false)).freshness).toEqual({ missing: [], stale: [] });
  });

  it('refuses a file that lacks a benchmark, even when stale figures are allowed', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'results-')), 'results.json');
    writeFileSync(file, '{}');
    await expect(freshResults(file, true)).rejects.toThrow(/remediation: not measured/);
  });
});
