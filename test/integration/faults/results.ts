/**
 * The fault suite's figures: each test appends rows to one JSON-lines file, and `npm run faults` prints them as
 * the table recorded in docs/RELIABILITY.md. Sizes: reduced inside `npm test`, full with FAULTS_SIZE=full.
 */
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FULL = process.env.FAULTS_SIZE === 'full';
export const RESULTS_FILE = process.env.FAULTS_RESULTS ?? join(tmpdir(), 'fleetwarden-faults.jsonl');

/** Fuzzed events per handler, duplicate deliveries per event kind, the seed of the generators. */
export const SIZE = {
  fuzz: FULL ? 10_000 : 60,
  duplicates: FULL ? 1_000 : 30,
  seed: Number(process.env.FAULTS_SEED ?? 20261206),
};

/** A full-size part may take many minutes; inside npm test the project's own timeout applies. */
export const TIMEOUT_MS = FULL ? 4 * 3_600_000 : 60_000;

export interface Row {
  part: 'fuzz' | 'faults' | 'crash' | 'duplicates' | 'races';
  subject: string;
  /** Events (fuzz), runs (faults, crash points), deliveries (duplicates), writers (races). */
  cases: number;
  rejected?: number;
  crashes: number;
  writesOnRejected?: number;
  doubleEffects?: number;
  lost?: number;
  maxCalls?: number;
  sitesCovered?: number;
  sitesFound?: number;
  /** The call sites (service:Command) faults were injected at. */
  sites?: string[];
  notes?: string;
  /** The first failing cases, for the reader of the table. */
  examples?: string[];
}

export function record(row: Row): void {
  appendFileSync(RESULTS_FILE, `${JSON.stringify(row)}\n`);
  console.info(`[faults] ${JSON.stringify(row)}`);
}
