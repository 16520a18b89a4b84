import { beforeAll, describe, expect, it } from 'vitest';
import { InstanceAlreadyExistsError, InstanceNotFoundError, StaleVersionError, DependencyUnavailableError } from '../../../shared/domain/errors.ts';
import { register, transition } from '../../../shared/domain/lifecycle.ts';
import { aCause, anInstance, anInstanceSpec, engineer, system } from '../../support/factories.ts';
import { freshStack, type TestStack } from '../../support/stack.ts';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionStore } from '../../../shared/adapters/dynamo/condition-store.ts';

const now = new Date('2026-11-22T10:00:00.000Z');
let stack: TestStack;

beforeAll(async () => {
  stack = await freshStack();
});

async function registered(overrides = {}) {
  const spec = anInstanceSpec(overrides);
  await stack.store.register(register(spec, { actor: system, reason: 'created', cause: aCause('fleet') }, now));
  return stack.store.get(spec.id);
}

async function itemCount(): Promise<number> {
  const out = await stack.doc.send(new ScanCommand({ TableName: stack.tableName, Select: 'COUNT' }));
  return out.Count ?? 0;
}

describe('the lifecycle ledger on DynamoDB Local', () => {
  it('writes the state change, its history entry and the counters in one transaction', async () => {
    const before = await registered();
    const next = transition(before, 'available', { actor: system, reason: 'ready', cause: aCause('fleet') }, now);
    expect(await stack.store.applyTransition(before, next)).toBe('applied');

    const after = await stack.store.get(before.id);
    expect(after).toMatchObject({ state: 'available', version: 2 });
    const history = await stack.store.history(before.id);
    expect(history.map((e) => [e.from, e.to, e.version])).toEqual([
      ['installing', 'available', 2],
      [null, 'installing', 1],
    ]);
  });

  it('lets exactly one of 50 racing writers win each version, and loses none silently', async () => {
    const instance = await registered();
    const start = transition(instance, 'available', { actor: system, reason: 'ready', cause: aCause() }, now);
    await stack.store.applyTransition(instance, start);
    const read = await stack.store.get(instance.id);

    const writers = Array.from({ length: 50 }, (_, i) => {
      const to = i % 2 === 0 ? 'uncertain' : 'restart';
      const next = transition(read, to, { actor: engineer, reason: `writer ${i}`, cause: aCause() }, now);
      return stack.store.applyTransition(read, next).then(
        (outcome) => ({ outcome, error: undefined }),
        (error: unknown) => ({ outcome: 'failed' as const, error }),
      );
    });
    const results = await Promise.all(writers);

    const winners = results.filter((r) => r.outcome === 'applied');
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => r.outcome !== 'applied')) {
      // Each loser was told, with a typed error it can act on: a stale version or a conflict to retry.
      expect(loser.error instanceof StaleVersionError || loser.error instanceof DependencyUnavailableError).toBe(true);
    }
    const history = await stack.store.history(instance.id);
    expect(history.map((e) => e.version)).toEqual([3, 2, 1]);
    expect((await stack.store.get(instance.id)).version).toBe(3);
  });

  it('records a repeated cause once', async () => {
    const before = await registered();
    const cause = aCause('alarm');
    const first = transition(before, 'available', { actor: system, reason: 'ready', cause }, now);
    expect(await stack.store.applyTransition(before, first)).toBe('applied');
    const after = await stack.store.get(before.id);
    const again = transition(after, 'uncertain', { actor: system, reason: 'same cause again', cause }, now);
    expect(await stack.store.applyTransition(after, again)).toBe('duplicate');

    expect((await stack.store.get(before.id)).state).toBe('available');
    expect(await stack.store.history(before.id)).toHaveLength(2);
    expect((await stack.store.loadForChange(before.id, `${cause.kind}:${cause.id}`)).recordedVersion).toBe(2);
  });

  it('writes nothing for an unknown instance', async () => {
    const ghost = anInstance({ id: 'ghost-1', state: 'available' });
    const next = transition(ghost, 'uncertain', { actor: engineer, reason: 'x', cause: aCause() }, now);
    const items = await itemCount();
    await expect(stack.store.applyTransition(ghost, next)).rejects.toThrow(InstanceNotFoundError);
    expect(await itemCount()).toBe(items);
  });

  it('writes nothing for a stale version and says which version it found', async () => {
    const before = await registered();
    await stack.store.applyTransition(before, transition(before, 'available', { actor: system, reason: 'a', cause: aCause() }, now));
    const items = await itemCount();
    const stale = transition(before, 'terminated', { actor: engineer, reason: 'b', cause: aCause() }, now);
    const error = await stack.store.applyTransition(before, stale).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleVersionError);
    expect((error as StaleVersionError).actualVersion).toBe(2);
    expect(await itemCount()).toBe(items);
  });

  it('refuses to register the same id twice for different causes', async () => {
    const spec = anInstanceSpec();
    await stack.store.register(register(spec, { actor: system, reason: 'a', cause: aCause() }, now));
    await expect(stack.store.register(register(spec, { actor: system, reason: 'b', cause: aCause() }, now))).rejects.toThrow(
      InstanceAlreadyExistsError,
    );
  });

  it('keeps exact counts by state and service in sharded counters', async () => {
    const counted = await freshStack();
    const specs = [
      ...Array.from({ length: 7 }, () => anInstanceSpec({ service: 'postgres' })),
      ...Array.from({ length: 5 }, () => anInstanceSpec({ service: 'redis' })),
    ];
    for (const spec of specs) await counted.store.register(register(spec, { actor: system, reason: 'a', cause: aCause() }, now));
    for (const spec of specs.slice(0, 4)) {
      const before = await counted.store.get(spec.id);
      await counted.store.applyTransition(before, transition(before, 'available', { actor: system, reason: 'r', cause: aCause() }, now));
    }
    const counts = await counted.queries.counts();
    expect(counts.total).toBe(12);
    expect(counts.byState).toEqual({ installing: 8, available: 4 });
    expect(counts.byService.redis).toEqual({ installing: 5 });
    const listed = await counted.queries.list({ state: 'available' });
    expect(listed.map((i) => i.id).sort()).toEqual(specs.slice(0, 4).map((s) => s.id).sort());
    expect(await counted.queries.list({ state: 'installing', service: 'redis' })).toHaveLength(5);
    expect(await counted.queries.inventory()).toEqual(
      expect.arrayContaining([
        { image: 'postgres-16:16.4.1', service: 'postgres', zone: 'us-east-1a', count: 7 },
        { image: 'postgres-16:16.4.1', service: 'redis', zone: 'us-east-1a', count: 5 },
      ]),
    );
  });
});

describe('conditions on DynamoDB Local', () => {
  it('answers a second raise with the condition as first recorded, notBefore and evidence included', async () => {
    const instance = await registered();
    const conditions = new ConditionStore(stack.doc, stack.tableName);
    const first = { raisedAt: now.toISOString(), source: 'audit:run-1', evidence: 'age=30h', notBefore: '2026-11-29T03:00:00.000Z' };
    expect(await conditions.raise(instance.id, 'backup-stale', first)).toEqual({ outcome: 'raised', record: first });
    const again = await conditions.raise(instance.id, 'backup-stale', { raisedAt: '2026-11-23T10:00:00.000Z', source: 'audit:run-2' });
    expect(again).toEqual({ outcome: 'already-raised', record: first });
  });
});
