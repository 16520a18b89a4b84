import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isPermanent } from '../../../shared/domain/errors.ts';
import { provisioningEvent } from '../../../shared/schemas/fleet-events.ts';
import { NotYetRegisteredError, recordProvisioning } from '../../../shared/usecases/provisioning.ts';
import { detectionTestDeps, SettableClock } from '../../support/deps.ts';
import { freshStack, type TestStack } from '../../support/stack.ts';

let stack: TestStack;
let ctx: ReturnType<typeof detectionTestDeps>;
const created = provisioningEvent.parse(JSON.parse(readFileSync('events/fleet-instance-created.json', 'utf8')));
const ready = provisioningEvent.parse(JSON.parse(readFileSync('events/fleet-instance-ready.json', 'utf8')));

beforeAll(async () => {
  stack = await freshStack();
  ctx = detectionTestDeps(stack, new SettableClock(new Date('2026-11-22T10:00:00Z')));
});

describe('provisioning events', () => {
  it('treats Ready arriving before Created as transient, so the retry completes it', async () => {
    const early = await recordProvisioning(ctx.deps, ready).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(NotYetRegisteredError);
    expect(isPermanent(early)).toBe(false);
    await recordProvisioning(ctx.deps, created);
    expect((await recordProvisioning(ctx.deps, ready)).instance.state).toBe('available');
  });

  it('records a resent Created or Ready once', async () => {
    expect((await recordProvisioning(ctx.deps, created)).outcome).toBe('duplicate');
    expect((await recordProvisioning(ctx.deps, ready)).outcome).toBe('duplicate');
    expect(await stack.store.history('pg-orders-1')).toHaveLength(2);
  });
});
