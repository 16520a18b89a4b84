/**
 * `npm run bench`: measures request counts and ratios on the emulators (never wall-clock assertions) and prints
 * them as JSON and as Markdown rows for docs/PERFORMANCE.md. `npm run bench -- audits remediation` runs only the
 * benchmarks named; BENCH_TASKS=200,1000, BENCH_AUDIT_INSTANCES=1000,20000, BENCH_SWEEP_CELLS=1000,10000 and BENCH_PAUSES=120,600
 * change their sizes.
 * The results are also written to bench/results.json, where `npm run cost` takes its per-unit figures from.
 */
import { logger } from '../shared/runtime/logger.ts';
import { benchAudits, type AuditRow } from './audits.ts';
import { benchBacklog, type BacklogRow } from './backlog.ts';
import { benchColdStart } from './coldstart.ts';
import { benchDetection, type DetectionRow } from './detection.ts';
import { startBenchStack, type BenchStack } from './harness.ts';
import { RESULTS_FILE, writeResults } from './results-file.ts';
import { benchRemediation, type RemediationRow } from './remediation.ts';
import { benchSweeps, type SweepRow } from './sweeps.ts';
import { advisoryTable, auditTable, backlogTable, coldStartTable, detectionTable, detectionUnitsTable, remediationTable, reportPathsTable, sweepsTable } from './tables.ts';

const BENCHMARKS = ['detection', 'sweeps', 'backlog', 'remediation', 'audits', 'coldstart'];
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !BENCHMARKS.includes(name));
if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; choose from ${BENCHMARKS.join(', ')}`);
const runs = (name: string) => chosen.length === 0 || chosen.includes(name);
/** Sizes from a comma-separated environment variable, or the defaults (chosen to keep the whole run to minutes). */
const sizes = (name: string, defaults: number[]) => process.env[name]?.split(',').map(Number).filter((n) => n > 0) ?? defaults;

// The use cases log every decision; here only the counts matter.
logger.setLogLevel('WARN');
const started = performance.now();
// Started for the first benchmark that needs it: the cold-start one runs without emulators, quieter.
let stack: Promise<BenchStack> | undefined;
const emulated = () => (stack ??= startBenchStack());
try {
  const results: Record<string, unknown> = {};
  const tables: string[] = [];
  if (runs('detection')) {
    const rows: DetectionRow[] = [];
    for (const [instances, cellSize] of [[1_000, 100], [2_000, 100], [4_000, 100], [4_000, 400]] as const) {
      rows.push(await benchDetection(await emulated(), instances, cellSize, `b${instances}x${cellSize}`));
    }
    results.detection = rows;
    tables.push(detectionTable(rows), reportPathsTable(rows), detectionUnitsTable(rows));
  }
  if (runs('sweeps')) {
    const rows: SweepRow[] = [];
    for (const cells of sizes('BENCH_SWEEP_CELLS', [1_000, 5_000])) rows.push(await benchSweeps(await emulated(), cells));
    results.sweeps = rows;
    tables.push(sweepsTable(rows));
  }
  if (runs('backlog')) {
    const rows: BacklogRow[] = [];
    for (const pause of sizes('BENCH_PAUSES', [120, 300, 600])) rows.push(await benchBacklog(await emulated(), pause));
    results.backlog = rows;
    tables.push(backlogTable(rows));
  }
  if (runs('remediation')) {
    const rows: RemediationRow[] = [];
    for (const tasks of sizes('BENCH_TASKS', [100, 500])) rows.push(await benchRemediation(await emulated(), tasks));
    results.remediation = rows;
    tables.push(remediationTable(rows));
  }
  if (runs('audits')) {
    const rows: AuditRow[] = [];
    for (const instances of sizes('BENCH_AUDIT_INSTANCES', [1_000, 5_000])) rows.push(await benchAudits(await emulated(), instances));
    results.audits = rows;
    tables.push(auditTable(rows), advisoryTable(rows));
  }
  if (runs('coldstart')) {
    const rows = await benchColdStart();
    results.coldstart = rows;
    tables.push(coldStartTable(rows));
  }
  console.log(JSON.stringify(results, null, 2));
  // npm run cost reads them from here; each benchmark's entry records the source it measured.
  await writeResults(results);
  console.log(`\nwritten to ${RESULTS_FILE} (${Object.keys(results).join(', ')})`);
  console.log(`\n${tables.join('\n\n')}`);
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s)`);
} finally {
  if (stack !== undefined) await (await stack).emulators.stop();
}
