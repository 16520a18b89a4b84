/**
 * Injected faults at every call site, and crash points. For each scenario, a clean delivery counts its SDK calls;
 * then, for every k of them and each fault kind, the k-th call fails (throttling, a timeout, a network error, a
 * partial batch failure, a conditional check failure) and the event is redelivered as its trigger would (an
 * asynchronous invocation that threw, an SQS record reported as failed). Likewise the worker "dies" at the k-th
 * call (that call and every later one fail) and the event is redelivered. Each run must end with the effect
 * exactly once, or surfaced with a typed permanent error (a dead-letter reason); never lost, never doubled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetwardenError, isPermanent } from '../../../shared/domain/errors.ts';
import { CrashError, FAULT_KINDS, callSites, observe, type Call, type Observation } from './calls.ts';
import { handlerStack, type HandlerStack } from './handlers.ts';
import { record, TIMEOUT_MS } from './results.ts';
import { AUDIT_SCENARIO, SCENARIOS, type Scenario } from './scenarios.ts';

const ATTEMPTS = 4;
let sut: HandlerStack;

beforeAll(async () => {
  sut = await handlerStack({ AUDIT_SEGMENTS: '1' });
});

afterAll(async () => {
  await sut.stop();
});

interface Delivery {
  surfaced: boolean;
  untyped?: string;
  calls: Call[];
}

/** Delivers the event until it succeeds, is surfaced as permanent, or runs out of attempts. */
async function deliver(scenario: Scenario, event: (receiveCount: number) => unknown, fault?: Observation['fault']): Promise<Delivery> {
  const calls: Call[] = [];
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const { observation, error, value } = await observe(() => sut.invoke(scenario.key, event(attempt)), attempt === 1 ? fault : undefined);
    calls.push(...observation.calls);
    // A worker that died did nothing more: whatever its code made of the failing calls never ran. Redeliver.
    if (observation.crashed) continue;
    if (error !== undefined && !(error instanceof FleetwardenError) && !(error instanceof CrashError)) {
      return { surfaced: false, untyped: `${(error as Error).name}: ${(error as Error).message}`, calls };
    }
    const dead = observation.calls.filter((c) => c.deadLetter && c.injected === undefined);
    const untypedDead = dead.find((c) => c.deadLetterKind !== 'permanent' && !/^[A-Za-z]+Error: /.test(c.deadLetterReason ?? ''));
    if (untypedDead !== undefined) return { surfaced: false, untyped: `dead-lettered: ${untypedDead.deadLetterReason}`, calls };
    if (dead.length > 0) return { surfaced: true, calls };
    if (error !== undefined && isPermanent(error)) return { surfaced: true, calls };
    const failedItems = ((value as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures ?? []).length;
    if (error === undefined && failedItems === 0) return { surfaced: false, calls };
  }
  return { surfaced: false, calls };
}

interface Tally {
  runs: number;
  /**
   * Injected condition failures that ended with no effect. A real one means the data says the write is not needed
   * (a duplicate, a newer state, a concurrent winner): the run does nothing, rightly. An injected one is a lie about
   * the data, so "no effect" is the correct reading of it, not a loss; these runs are checked for typed errors and
   * double effects only.
   */
  conditionNoEffect: number;
  injected: number;
  surfaced: number;
  lost: string[];
  doubled: string[];
  untyped: string[];
  covered: Set<string>;
}

const tally = (): Tally => ({ conditionNoEffect: 0, runs: 0, injected: 0, surfaced: 0, lost: [], doubled: [], untyped: [], covered: new Set() });

async function run(scenario: Scenario, t: Tally, fault: NonNullable<Observation['fault']>): Promise<void> {
  const { event, effect } = await scenario.prepare(sut);
  const delivery = await deliver(scenario, event, fault);
  const injectedAt = delivery.calls.find((c) => c.injected !== undefined);
  if (injectedAt === undefined) return; // this kind does not apply to the k-th call (e.g. a partial failure of a GetItem)
  t.runs += 1;
  t.injected += 1;
  t.covered.add(`${injectedAt.service}:${injectedAt.command}`);
  const label = `${fault.kind} at call ${fault.at} (${injectedAt.service} ${injectedAt.command})`;
  if (delivery.untyped !== undefined) t.untyped.push(`${label}: ${delivery.untyped}`);
  const { count, what } = await effect();
  if (count > 1) t.doubled.push(`${label}: ${what}`);
  else if (count === 0 && delivery.surfaced) t.surfaced += 1;
  else if (count === 0 && fault.kind === 'condition') t.conditionNoEffect += 1;
  else if (count === 0) t.lost.push(`${label}: ${what}`);
}

// The audit goes first: it audits the whole fleet, which the other scenarios grow by an instance per run.
describe.each([AUDIT_SCENARIO, ...SCENARIOS].map((s) => [s.name, s] as const))('the %s', (_, scenario) => {
  let clean: Call[] = [];

  beforeAll(async () => {
    const { event, effect } = await scenario.prepare(sut);
    clean = (await deliver(scenario, event)).calls;
    const { count, what } = await effect();
    if (count !== 1) throw new Error(`a clean delivery of ${scenario.name} should have its effect once: ${what}`);
  });

  it('survives each fault kind at every call site: retried or surfaced, never lost or doubled', async () => {
    const t = tally();
    for (const kind of FAULT_KINDS) {
      for (let at = 1; at <= clean.length; at++) await run(scenario, t, { at, kind });
    }
    const found = callSites(clean);
    record({ part: 'faults', subject: scenario.name, cases: t.runs, crashes: t.untyped.length, lost: t.lost.length, doubleEffects: t.doubled.length, sitesCovered: t.covered.size, sitesFound: found.size, sites: [...t.covered].sort(), notes: `${clean.length} calls per clean delivery; ${t.surfaced} surfaced as permanent; ${t.conditionNoEffect} injected condition failures read as a concurrent winner; sites: ${[...found].sort().join(' ')}` });
    expect(t.untyped).toEqual([]);
    expect(t.lost).toEqual([]);
    expect(t.doubled).toEqual([]);
    expect([...found].filter((site) => !t.covered.has(site))).toEqual([]);
  }, TIMEOUT_MS);

  it('resumes after a crash at every call, redelivered: the effect exactly once', async () => {
    const t = tally();
    for (let at = 1; at <= clean.length; at++) await run(scenario, t, { at, kind: 'crash' });
    record({ part: 'crash', subject: scenario.name, cases: t.runs, crashes: t.untyped.length, lost: t.lost.length + t.surfaced, doubleEffects: t.doubled.length, sitesCovered: t.covered.size, sitesFound: callSites(clean).size });
    expect(t.untyped).toEqual([]);
    expect(t.lost).toEqual([]);
    expect(t.surfaced).toBe(0);
    expect(t.doubled).toEqual([]);
  }, TIMEOUT_MS);
});
