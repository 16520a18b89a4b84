/**
 * `npm run cost -- --instances N [--instances-per-host H] [--hosts-per-report M] [--interval S] [--without-pages] [--json] [--allow-stale]`:
 * the monthly bill of a healthy and a bad month, by service, and the designs it rules out, from the per-unit
 * figures `npm run bench` wrote to bench/results.json. Figures measured on source that has changed since are
 * refused (exit 2) unless --allow-stale, which prints them marked stale. --without-pages prices every report as a
 * write of its cell's item, the path before report pages, measured in the same detection run.
 */
import { parseArgs } from 'node:util';
import { checkFreshness, readResults, RESULTS_FILE, type Freshness, type ResultsFile } from '../results-file.ts';
import { monthlyBill, type Scenario } from './bill.ts';
import { printBill } from './print.ts';
import { stackFacts } from './stack-facts.ts';
import { unitsFrom } from './units.ts';

export const NEEDED = ['detection', 'sweeps', 'backlog', 'remediation', 'audits'] as const;

export class StaleResultsError extends Error {
  constructor(readonly freshness: Freshness) {
    const lines = [
      ...freshness.missing.map((b) => `  ${b}: not measured`),
      ...freshness.stale.map((s) => `  ${s.benchmark}: measured ${s.measuredAt} on source that has changed since`),
    ];
    const names = [...freshness.missing, ...freshness.stale.map((s) => s.benchmark)];
    super(`bench/results.json is stale:\n${lines.join('\n')}\nRefresh with: npm run bench -- ${names.join(' ')}   (or pass --allow-stale to price the old figures anyway)`);
    this.name = 'StaleResultsError';
  }
}

/** The figures, checked: throws StaleResultsError when some are missing or stale, unless `allowStale`. */
export async function freshResults(file: string, allowStale: boolean): Promise<{ results: ResultsFile; freshness: Freshness }> {
  const results = readResults(file);
  const freshness = await checkFreshness(results, NEEDED);
  if (freshness.missing.length > 0 || (freshness.stale.length > 0 && !allowStale)) throw new StaleResultsError(freshness);
  return { results, freshness };
}

function positive(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number${value === undefined ? ' (required)' : `, not ${value}`}`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      instances: { type: 'string' },
      'instances-per-host': { type: 'string' },
      'hosts-per-report': { type: 'string' },
      interval: { type: 'string' },
      json: { type: 'boolean', default: false },
      'without-pages': { type: 'boolean', default: false },
      'allow-stale': { type: 'boolean', default: false },
      results: { type: 'string' },
    },
  });
  const scenario: Scenario = {
    instances: positive('instances', values.instances),
    instancesPerHost: positive('instances-per-host', values['instances-per-host'], 100),
    hostsPerReport: positive('hosts-per-report', values['hosts-per-report'], 5),
    intervalSeconds: positive('interval', values.interval, 30),
  };
  const { results, freshness } = await freshResults(values.results ?? RESULTS_FILE, values['allow-stale']);
  const bill = monthlyBill(unitsFrom(results, stackFacts(), values['without-pages'] ? 'written' : 'paged'), scenario);
  const measured = Object.fromEntries(NEEDED.map((b) => [b, results[b]?.measuredAt]));
  const stale = freshness.stale.map((s) => s.benchmark);
  if (values.json) console.log(JSON.stringify({ ...bill, measured, stale }, null, 2));
  else console.log(printBill(bill, measured, stale));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = error instanceof StaleResultsError ? 2 : 1;
  });
}
