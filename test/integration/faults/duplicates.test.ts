/**
 * Duplicates: each event kind delivered SIZE.duplicates times (1,000 with `npm run faults`), concurrently and, for
 * queue-borne kinds, in batches of ten copies. Each has its one effect, once: one transition and its event, one
 * condition, one task. And races: 50 conflicting transitions of one instance, exactly one winner per version.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetwardenError, TransientError } from '../../../shared/domain/errors.ts';
import type { LifecycleState } from '../../../shared/domain/instance.ts';
import { isLegalTransition, TRANSITIONS } from '../../../shared/domain/lifecycle.ts';
import { ledgerStores } from '../../../shared/runtime/deps.ts';
import { recordTransition } from '../../../shared/usecases/ledger.ts';
import { handlerStack, type HandlerStack } from './handlers.ts';
import { record, SIZE, TIMEOUT_MS } from './results.ts';
import { DUPLICATE_SCENARIOS } from './scenarios.ts';

let sut: HandlerStack;

beforeAll(async () => {
  sut = await handlerStack({ AUDIT_SEGMENTS: '1' });
});

afterAll(async () => {
  await sut.stop();
});

const WAVE = 25;

/** Ten copies of an SQS event's first record, each with its own message id, as a redelivering queue would batch them. */
function batchOfCopies(event: unknown): unknown {
  const [first] = (event as { Records: Record<string, unknown>[] }).Records;
  return { Records: Array.from({ length: 10 }, () => ({ ...first, messageId: randomUUID() })) };
}

describe.each(DUPLICATE_SCENARIOS.map((s) => [s.name, s] as const))('the %s, delivered again and again', (_, scenario) => {
  it(`has its effect once over ${SIZE.duplicates} deliveries, concurrent and batched`, async () => {
    const { event, effect } = await scenario.prepare(sut);
    const untyped: string[] = [];
    let delivered = 0;
    while (delivered < SIZE.duplicates) {
      const perInvocation = scenario.trigger === 'sqs' ? 10 : 1;
      const wave = Array.from({ length: Math.min(WAVE, Math.ceil((SIZE.duplicates - delivered) / perInvocation)) }, () => {
        const one = scenario.trigger === 'sqs' ? batchOfCopies(event(1)) : event(1);
        return sut.invoke(scenario.key, one).catch((error: unknown) => {
          // Concurrent copies may lose races; they must say so with a typed, transient error (and be retried).
          if (!(error instanceof TransientError)) untyped.push(error instanceof FleetwardenError ? `permanent ${error.name}` : String(error));
        });
      });
      delivered += wave.length * perInvocation;
      await Promise.all(wave);
    }
    // Whatever lost a race is delivered once more, as its trigger would retry it.
    await sut.invoke(scenario.key, event(2));
    const { count, what } = await effect();
    record({ part: 'duplicates', subject: scenario.name, cases: delivered, crashes: untyped.length, doubleEffects: Math.max(0, count - 1), lost: count === 0 ? 1 : 0, notes: what });
    expect(untyped.slice(0, 3)).toEqual([]);
    expect({ count, what }).toMatchObject({ count: 1 });
  }, TIMEOUT_MS);
});

describe('50 conflicting transitions of one instance', () => {
  it('let exactly one writer win per version, and leave a legal history', async () => {
    const id = `pg-race-${randomUUID().slice(0, 6)}`;
    const { event } = await DUPLICATE_SCENARIOS[0]!.prepare(sut);
    const created = event(1) as { detail: Record<string, unknown> };
    await sut.invoke('provisioning', { ...created, id: randomUUID(), detail: { ...created.detail, id, cellId: `cell-${id}` } });
    await sut.invoke('provisioning', { version: '0', id: randomUUID(), 'detail-type': 'Instance Ready', source: 'fleetwarden.fleet', account: '0', time: new Date().toISOString(), region: 'us-east-1', resources: [], detail: { instanceId: id } });
    const deps = { ...ledgerStores(sut.stack.doc, sut.stack.tableName), events: { publish: async () => undefined }, clock: () => new Date() };
    const targets = Object.keys(TRANSITIONS.available) as LifecycleState[];
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, (_, i) =>
      recordTransition(deps, id, targets[i % targets.length]!, { actor: { kind: 'engineer', id: `e${i}` }, reason: `race ${i}`, cause: { kind: 'command', id: `race-${i}` } })));
    const won = outcomes.filter((o) => o.status === 'fulfilled' && o.value.outcome === 'applied');
    const lost = outcomes.filter((o) => o.status === 'rejected');
    const untyped = lost.filter((o) => !((o as PromiseRejectedResult).reason instanceof FleetwardenError));
    const history = await deps.store.history(id);
    const versions = history.map((e) => e.version);
    record({ part: 'races', subject: 'conflicting transitions of one instance', cases: 50, crashes: untyped.length, doubleEffects: versions.length - new Set(versions).size, notes: `${won.length} applied, ${lost.length} refused (stale or illegal), history of ${history.length}` });
    expect(untyped).toEqual([]);
    expect(new Set(versions).size).toBe(versions.length);
    // Each applied change is one version after the one it read, and each step of the history is legal.
    expect(history.length).toBe(2 + won.length);
    for (const entry of history) if (entry.from !== null) expect(isLegalTransition(entry.from, entry.to)).toBe(true);
    expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
  });
});
