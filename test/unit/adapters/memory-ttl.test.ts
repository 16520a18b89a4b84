/**
 * TTL in the memory world. DynamoDB Local does not expire items, so this is not in the contract suite: the memory
 * world removes what DynamoDB's TTL would (items whose `expiresAt` has passed, cause markers past their 30 days)
 * when the twin asks it to, by the world's own clock.
 */
import { describe, expect, it } from 'vitest';
import { memoryLedgerStores, memoryRemediationStores, MemoryTables } from '../../../shared/adapters/memory/index.ts';
import { register, transition } from '../../../shared/domain/lifecycle.ts';
import { SettableClock } from '../../support/deps.ts';
import { aCause, anInstanceSpec, system } from '../../support/factories.ts';

const T0 = '2026-11-22T10:00:00.000Z';
const DAY = 86_400;

function world() {
  const clock = new SettableClock(new Date(T0));
  const db = new MemoryTables(clock.read);
  return { clock, db, ...memoryLedgerStores(db), ...memoryRemediationStores(db) };
}

describe('TTL in the memory world', () => {
  it('removes an item once its expiresAt has passed by the world clock, and nothing before', async () => {
    const w = world();
    await w.outcomes.record('restart', [{ at: T0, ok: true, ref: 'a' }]);
    await w.outcomes.markPageSent('breaker#restart', T0);
    w.clock.advance(DAY - 1);
    expect(w.db.expire()).toBe(0);
    expect(await w.outcomes.since('restart', '2026-01-01')).toHaveLength(1);
    w.clock.advance(1);
    expect(w.db.expire()).toBe(1); // the sample (kept a day); the page is kept 30 days
    expect(await w.outcomes.since('restart', '2026-01-01')).toEqual([]);
    expect(await w.outcomes.pageSent('breaker#restart')).toBe(true);
    w.clock.advance(29 * DAY);
    expect(w.db.expire()).toBe(1);
    expect(await w.outcomes.pageSent('breaker#restart')).toBe(false);
  });

  it('forgets a cause marker after 30 days, so only then is the same cause applied again; history stays', async () => {
    const w = world();
    const cause = aCause('alarm');
    const registration = register(anInstanceSpec(), { actor: system, reason: 'created', cause: aCause('fleet') }, new Date(T0));
    await w.store.register(registration);
    const change = transition(registration.instance, 'available', { actor: system, reason: 'ready', cause }, new Date(T0));
    await w.store.applyTransition(registration.instance, change);
    const id = registration.instance.id;
    w.clock.advance(30 * DAY - 1);
    w.db.expire();
    expect((await w.store.loadForChange(id, `${cause.kind}:${cause.id}`)).recordedVersion).toBe(2);
    w.clock.advance(1);
    w.db.expire();
    expect((await w.store.loadForChange(id, `${cause.kind}:${cause.id}`)).recordedVersion).toBeUndefined();
    expect(await w.store.history(id)).toHaveLength(2);
  });
});
