/**
 * `npm run scenarios -- [--scenario NAME] [--instances N] [--seed N] [--json] [--html FILE]`: plays the scenarios
 * (all of them without --scenario), prints the figures and every breach, and exits 1 on any breach.
 */
import './quiet.ts';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resultsHtml, resultsNotes, resultsTable, type ScenarioResult } from './report.ts';
import { runScenario } from './scenario.ts';
import { SCENARIOS } from './scenarios/index.ts';

export const DEFAULT_INSTANCES = 3_000;

export interface TwinArgs {
  scenarios: string[];
  instances: number;
  seed: number;
  json: boolean;
  html?: string;
}

/** Reads the command line; a bad flag or value is a clear error naming it. */
export function parseTwinArgs(argv: readonly string[]): TwinArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        scenario: { type: 'string', multiple: true },
        instances: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean', default: false },
        html: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}\nusage: npm run scenarios -- [--scenario NAME] [--instances N] [--seed N] [--json] [--html FILE]`);
  }
  const { values } = parsed;
  const known = SCENARIOS.map((s) => s.name);
  const scenarios = values.scenario ?? known;
  for (const name of scenarios) {
    if (!known.includes(name)) throw new Error(`--scenario: no scenario "${name}"; the scenarios are ${known.join(', ')}`);
  }
  const whole = (flag: string, raw: string | undefined, fallback: number, min: number) => {
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min) throw new Error(`--${flag}: "${raw}" is not a whole number >= ${min}`);
    return Number(raw);
  };
  return {
    scenarios,
    instances: whole('instances', values.instances, DEFAULT_INSTANCES, 10),
    seed: whole('seed', values.seed, 1, 0),
    json: values.json ?? false,
    ...(values.html === undefined ? {} : { html: values.html }),
  };
}

async function main(): Promise<number> {
  let args: TwinArgs;
  try {
    args = parseTwinArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const results: ScenarioResult[] = [];
  for (const name of args.scenarios) {
    const scenario = SCENARIOS.find((s) => s.name === name)!;
    if (!args.json) console.error(`playing ${name} with ${args.instances.toLocaleString('en-US')} instances (seed ${args.seed}) ...`);
    results.push(await runScenario(scenario, { instances: args.instances, seed: args.seed }));
  }
  if (args.json) console.log(JSON.stringify(results.map(({ timeline: _timeline, ...r }) => r), null, 2));
  else console.log(`${resultsTable(results)}\n\n${resultsNotes(results).join('\n')}`);
  if (args.html !== undefined) {
    writeFileSync(args.html, resultsHtml(results, new Date().toISOString()));
    if (!args.json) console.log(`\nwrote ${args.html}`);
  }
  return results.some((r) => r.breaches.length > 0) ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
