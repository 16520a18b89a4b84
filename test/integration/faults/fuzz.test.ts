/**
 * Fuzzing every handler (the operator's as a direct invoke and through its Function URL) with events mutated from real payloads (SIZE.fuzz each; 10,000 with
 * `npm run faults`). For every event: no unhandled crash (an error that is not one of Fleetwarden's typed errors,
 * thrown or carried as a dead-letter reason), no write for a rejected event (counted on every call; checked on the
 * emulator's table for a sample), and a bounded number of SDK calls.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetwardenError, isPermanent } from '../../../shared/domain/errors.ts';
import { callSites, observe, type Call } from './calls.ts';
import { FUNCTIONS, handlerStack, type FunctionKey, type HandlerStack } from './handlers.ts';
import { mutatedEvents } from './mutate.ts';
import { record, SIZE, TIMEOUT_MS } from './results.ts';
import { seedsFor } from './seeds.ts';

/** At most this many SDK calls for one event (a batch of ten records included). */
const CALL_BOUND = 400;
/** Rejected events whose effect on the table is also checked by reading it, per handler. */
const TABLE_SAMPLE = SIZE.fuzz >= 10_000 ? 25 : 5;
const TRANSIENT_REASONS = /^(DependencyUnavailableError|StaleVersionError|TaskChangedError|LeaseLostError|WriteCancelledError|AbandonFailedError):/;

let sut: HandlerStack;

beforeAll(async () => {
  sut = await handlerStack();
  for (const file of ['events/fleet-instance-created.json', 'events/fleet-instance-ready.json']) {
    await sut.invoke('provisioning', JSON.parse(readFileSync(file, 'utf8')));
  }
});

afterAll(async () => {
  await sut.stop();
});

interface Verdict {
  rejected: boolean;
  crash?: string;
}

/** What one handler run says about its event: rejected (typed, permanent) or not, and any untyped failure. */
function judge(key: FunctionKey, event: unknown, outcome: { value?: unknown; error?: unknown }, calls: readonly Call[]): Verdict {
  if (outcome.error !== undefined) {
    if (!(outcome.error instanceof FleetwardenError)) return { rejected: false, crash: explain(outcome.error) };
    return { rejected: isPermanent(outcome.error) };
  }
  if (key === 'operator') return judgeOperator(outcome.value);
  const records = (event as { Records?: unknown }).Records;
  if (!Array.isArray(records)) return { rejected: false };
  const failures = ((outcome.value as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures ?? []).length;
  const dead = calls.filter((c) => c.deadLetter);
  if (failures > 0 && !emulatorRefusedDeadLetter(records, dead, failures)) return { rejected: false, crash: `${failures} record(s) left for retry on a healthy stack` };
  const untyped = dead.find((c) => c.deadLetterKind !== 'permanent' && !TRANSIENT_REASONS.test(c.deadLetterReason ?? ''));
  if (untyped !== undefined) return { rejected: false, crash: `dead-lettered with an untyped reason: ${untyped.deadLetterReason}` };
  return { rejected: records.length > 0 && dead.length === records.length && dead.every((c) => c.deadLetterKind === 'permanent') };
}

/**
 * The SQS emulator refuses characters beyond U+FFFF (SQS itself accepts U+10000 to U+10FFFF), so a record whose body
 * carries an emoji cannot be dead-lettered there: its typed dead-letter send is refused and it stays for retry.
 * Such records are counted as rejected, with a typed reason, when every failure is one of them.
 */
function emulatorRefusedDeadLetter(records: unknown[], dead: readonly Call[], failures: number): boolean {
  const astral = records.filter((r) => /[\u{10000}-\u{10FFFF}]/u.test(String((r as { body?: unknown }).body)));
  return astral.length >= failures && dead.filter((c) => c.deadLetterKind === 'permanent').length >= failures;
}

/**
 * The operator answers a refusal instead of throwing it: `{ ok: false, error }` to a direct invoke, 400 or 403 with
 * that body to a URL call. A refusal must carry one of Fleetwarden's typed errors by name.
 */
function judgeOperator(value: unknown): Verdict {
  const http = value as { statusCode?: number; body?: string } | undefined;
  const answer = (typeof http?.statusCode === 'number' ? JSON.parse(http.body ?? 'null') : value) as { ok?: boolean; error?: { name?: string; kind?: string } } | null;
  if (answer?.ok === true) return { rejected: false };
  if (answer?.ok === false && answer.error?.kind === 'permanent' && /Error$/.test(answer.error.name ?? '')) return { rejected: true };
  return { rejected: false, crash: `an answer that is neither a result nor a typed refusal: ${JSON.stringify(value).slice(0, 200)}` };
}

function explain(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : String(error);
}

/** Writes that took effect: a write its condition refused (a registration that exists already) wrote nothing. */
const effects = (calls: readonly Call[]) => calls.filter((c) => c.writes && c.succeeded === true && !c.deadLetter && !c.intakeMark && !c.auditLog);

async function tableSnapshot(): Promise<number> {
  return sut.itemCount();
}

describe.each(FUNCTIONS.map((key) => [key]))('fuzzing the %s handler', (key: FunctionKey) => {
  it(`survives ${SIZE.fuzz} mutated real events: typed rejections, no write for any of them, bounded calls`, async () => {
    const arnOf = (logicalId: string) => String(sut.stack.resources[logicalId]?.attrs.Arn);
    const events = fc.sample(mutatedEvents(seedsFor(key, arnOf)), { numRuns: SIZE.fuzz, seed: SIZE.seed });
    const crashes: string[] = [];
    const writes: string[] = [];
    const sites = new Set<string>();
    let rejected = 0;
    let maxCalls = 0;
    let sampled = 0;
    for (const event of events) {
      const sample = sampled < TABLE_SAMPLE;
      const before = sample ? await tableSnapshot() : 0;
      const { observation, ...outcome } = await observe(() => sut.invoke(key, event));
      const verdict = judge(key, event, outcome, observation.calls);
      for (const site of callSites(observation.calls)) sites.add(site);
      maxCalls = Math.max(maxCalls, observation.calls.length);
      if (verdict.crash !== undefined) crashes.push(`${verdict.crash} <- ${JSON.stringify(event).slice(0, 300)}`);
      if (!verdict.rejected) continue;
      rejected += 1;
      const written = effects(observation.calls);
      if (written.length > 0) writes.push(`${written.map((c) => c.command).join(',')} <- ${JSON.stringify(event).slice(0, 300)}`);
      if (sample) {
        sampled += 1;
        const after = await tableSnapshot();
        if (after !== before) writes.push(`table went from ${before} to ${after} items <- ${JSON.stringify(event).slice(0, 300)}`);
      }
    }
    record({ part: 'fuzz', subject: key, cases: events.length, rejected, crashes: crashes.length, writesOnRejected: writes.length, maxCalls, sites: [...sites].sort(), notes: `${sampled} rejected events checked on the table`, examples: [...crashes, ...writes].slice(0, 3).map((e) => e.slice(0, 600)) });
    expect(crashes.slice(0, 5)).toEqual([]);
    expect(writes.slice(0, 5)).toEqual([]);
    expect(maxCalls).toBeLessThanOrEqual(CALL_BOUND);
    expect(rejected).toBeGreaterThan(events.length / 4); // the mutations do reach the parsers
  }, TIMEOUT_MS);
});
