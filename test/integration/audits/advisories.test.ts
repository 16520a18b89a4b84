/**
 * The CVE day on the emulators: the inventory counters stand for a fleet of 1,000,000 instances, with real
 * instance records for the image the advisory hits. The answer must come from the counters (the same 16
 * queries whatever the fleet size), the listing from the byImage index, and the roll must go wave by wave.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { putAll } from '../../../shared/adapters/dynamo/batch-write.ts';
import { instanceKey, inventoryKey, SHARDS } from '../../../shared/adapters/dynamo/keys.ts';
import { AdvisoryConflictError } from '../../../shared/domain/audit-runs/errors.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import type { Instance, Service } from '../../../shared/domain/instance.ts';
import { addAdvisory, showAdvisory } from '../../../shared/usecases/audits/advisories.ts';
import { stepRoll } from '../../../shared/usecases/audits/roll.ts';
import { freshStack, type TestStack } from '../../support/stack.ts';
import { auditHarness, type Harness } from './deps.ts';
import { aFleet, seedFleet } from './fleet.ts';

const FLEET_SIZE = 1_000_000;
const AFFECTED_IMAGE = 'redis-7:2024.06.1';
const OTHER_IMAGES: Record<Service, string[]> = {
  postgres: ['postgres-16:16.4.1', 'postgres-16:16.4.2', 'postgres-15:15.8.0'],
  redis: ['redis-7:2024.09.1', 'redis-7:2024.03.2'],
  kafka: ['kafka-3:3.7.0', 'kafka-3:3.6.2'],
};
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

let stack: TestStack;
let h: Harness;
let affected: Instance[];

/** Counters for every other image, so that with the real records they add up to FLEET_SIZE instances. */
function otherCounters(count: number): Record<string, unknown>[] {
  const cells = Object.entries(OTHER_IMAGES).flatMap(([service, images]) =>
    images.flatMap((image) => ZONES.flatMap((zone) => Array.from({ length: SHARDS }, (_, shard) => ({ service: service as Service, image, zone, shard })))),
  );
  const each = Math.floor(count / cells.length);
  return cells.map((c, i) => ({ ...inventoryKey(c.shard, c.service, c.zone, c.image), n: i === 0 ? count - each * (cells.length - 1) : each }));
}

beforeAll(async () => {
  stack = await freshStack();
  h = auditHarness(stack, { ROLL_MAX_PER_WAVE: '40', ROLL_MAX_PER_ZONE_PER_WAVE: '20' });
  affected = aFleet(4800, new Date('2026-03-04T12:00:00Z'), 'cve').filter(
    (i) => `${i.image.name}:${i.image.version}` === AFFECTED_IMAGE && i.state !== 'retired',
  );
  await seedFleet(stack.doc, stack.tableName, affected);
  await putAll(stack.doc, stack.tableName, otherCounters(FLEET_SIZE - affected.length), 16);
});

const tally = (rows: { key: string; count: number }[]) => Object.fromEntries(rows.map((r) => [r.key, r.count]));
const countBy = (key: (i: Instance) => string) =>
  affected.reduce<Record<string, number>>((acc, i) => ({ ...acc, [key(i)]: (acc[key(i)] ?? 0) + 1 }), {});

describe('the advisory answer on a 1,000,000-instance fleet', () => {
  it('says at once how many instances, of which services and zones, from 16 counter queries', async () => {
    h.resetRequests();
    const started = performance.now();
    const answer = await addAdvisory(h.deps, { id: 'CVE-2026-0001', affects: [AFFECTED_IMAGE], severity: 'high' });
    const ms = performance.now() - started;
    expect(answer.affected.total).toBe(affected.length);
    expect(tally(answer.affected.byService)).toEqual({ redis: affected.length });
    expect(tally(answer.affected.byZone)).toEqual(countBy((i) => i.zone));
    expect(h.requests).toEqual({ QueryCommand: SHARDS, PutItemCommand: 1 });
    console.info(`advisory answer over ${FLEET_SIZE} instances: ${affected.length} affected, ${ms.toFixed(0)} ms, requests ${JSON.stringify(h.requests)}`);
  });

  it('costs the same 16 queries for an advisory that hits a third of the fleet', async () => {
    h.resetRequests();
    const answer = await addAdvisory(h.deps, { id: 'CVE-2026-0002', affects: ['postgres-*:<16.4.2'], severity: 'medium' });
    const expected = otherCounters(FLEET_SIZE - affected.length)
      .filter((c) => /#postgres-(15:15\.8\.0|16:16\.4\.1)$/.test(String(c.sk)))
      .reduce((sum, c) => sum + Number(c.n), 0);
    expect(answer.affected.total).toBe(expected);
    expect(answer.affected.total).toBeGreaterThan(200_000);
    expect(h.requests.QueryCommand).toBe(SHARDS);
    console.info(`advisory answer over ${FLEET_SIZE} instances: ${answer.affected.total} affected, requests ${JSON.stringify(h.requests)}`);
  });

  it('lists the affected instances from the byImage index only', async () => {
    h.resetRequests();
    const shown = await showAdvisory(h.deps, 'CVE-2026-0001', true);
    expect(shown.instances?.map((i) => i.id).sort()).toEqual(affected.map((i) => i.id).sort());
    expect(shown.truncated).toBe(false);
    expect(shown.instances?.[0]).toMatchObject({ image: AFFECTED_IMAGE, service: 'redis', state: 'available' });
    expect(h.requests.ScanCommand).toBeUndefined();
    console.info(`advisory listing of ${affected.length} instances: requests ${JSON.stringify(h.requests)}`);
  });
});

describe('bad advisory input', () => {
  it('is refused with the field and the problem, and writes nothing', async () => {
    const bad = [
      { id: 'CVE-BAD-1', affects: ['redis-7:<<2024'], severity: 'high' as const },
      { id: 'CVE-BAD-2', affects: ['redis-7:*'], fixedImage: 'redis-7:2024.09.1', severity: 'high' as const },
      { id: 'CVE-BAD-3', affects: ['redis-7:2024.06.1'], fixedImage: 'redis-7', severity: 'high' as const },
    ];
    const messages: string[] = [];
    h.resetRequests();
    for (const input of bad) {
      const error = await addAdvisory(h.deps, input).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      messages.push((error as Error).message);
    }
    expect(messages[0]).toContain('affects.0: "redis-7:<<2024"');
    expect(messages[1]).toContain('fixedImage: redis-7:2024.09.1 is itself matched by affects');
    expect(messages[2]).toContain('"redis-7" is not name:version');
    expect(Object.keys(h.requests)).toEqual([]);
    for (const { id } of bad) expect(await h.deps.advisories.get(id)).toBeUndefined();
  });

  it('refuses to rewrite an advisory with different content, and answers a repeat as unchanged', async () => {
    await expect(addAdvisory(h.deps, { id: 'CVE-2026-0001', affects: [AFFECTED_IMAGE], severity: 'critical' })).rejects.toThrow(AdvisoryConflictError);
    expect((await addAdvisory(h.deps, { id: 'CVE-2026-0001', affects: [AFFECTED_IMAGE], severity: 'high' })).outcome).toBe('unchanged');
  });
});

describe('rolling onto the fixed image', () => {
  const ID = 'CVE-2026-0003';
  const source = `advisory:${ID}`;
  const raisedOn = () => new Set(h.events.ofType('ConditionRaised').filter((e) => e.detail.source === source).map((e) => String(e.detail.instanceId)));

  it('plans waves, replicas first, and raises vulnerable-image on the first wave only', async () => {
    const answer = await addAdvisory(h.deps, { id: ID, affects: ['redis-7:<2024.09.1'], fixedImage: 'redis-7:2024.09.1', severity: 'high' });
    const roll = answer.roll;
    if (roll?.current === undefined) throw new Error('no roll under way');
    expect(roll).toMatchObject({ status: 'rolling', currentWave: 0, raisedWave: 0, instances: affected.length });
    expect(roll.current).toMatchObject({ index: 0, phase: 'replicas', steps: 40, pending: 40 });
    const raised = raisedOn();
    expect(raised.size).toBe(40);
    const first = await stack.store.get([...raised][0] ?? '');
    expect(first.role.kind).toBe('replica');
    expect(first.conditions?.['vulnerable-image']).toMatchObject({
      source,
      evidence: expect.stringContaining(`advisory=${ID} fixedImage=redis-7:2024.09.1 wave=0`),
      notBefore: expect.any(String),
    });
  });

  it('waits while the wave still runs the affected image, then moves on once it is replaced', async () => {
    expect(await stepRoll(h.deps, ID)).toMatchObject({ raised: 0, advanced: 0 });
    const waveZero = [...raisedOn()];
    // The playbooks replace them: half got the fixed image in place, half were retired for successors.
    await Promise.all(waveZero.map((id, n) => stack.doc.send(new UpdateCommand({
      TableName: stack.tableName,
      Key: instanceKey(id),
      UpdateExpression: n % 2 === 0 ? 'SET image = :fixed' : 'SET #state = :retired',
      ExpressionAttributeNames: n % 2 === 0 ? undefined : { '#state': 'state' },
      ExpressionAttributeValues: n % 2 === 0 ? { ':fixed': { name: 'redis-7', version: '2024.09.1' } } : { ':retired': 'retired' },
    }))));
    const stepped = await stepRoll(h.deps, ID);
    expect(stepped).toMatchObject({ advanced: 1, roll: { currentWave: 1, raisedWave: 1 } });
    const shown = await showAdvisory(h.deps, ID);
    const waveOne = shown.roll?.current;
    expect(waveOne).toMatchObject({ index: 1, phase: 'replicas' });
    expect(waveOne?.pending).toBe(waveOne?.steps);
    expect(stepped.raised).toBe(waveOne?.steps);
    expect(raisedOn().size).toBe(40 + (waveOne?.steps ?? 0));
  });
});

describe('an advisory out before its fix', () => {
  const ID = 'CVE-2026-0009';

  it('takes the fixed image later, once, and starts the roll then', async () => {
    const before = await addAdvisory(h.deps, { id: ID, affects: [AFFECTED_IMAGE], severity: 'high' });
    expect(before).toMatchObject({ outcome: 'recorded', affected: { total: affected.length } });
    expect(before.roll).toBeUndefined();

    const fixed = await addAdvisory(h.deps, { id: ID, affects: [AFFECTED_IMAGE], fixedImage: 'redis-7:2024.09.1', severity: 'high' });
    expect(fixed.outcome).toBe('fixed-image-added');
    expect(fixed.advisory.fixedImage).toEqual({ name: 'redis-7', version: '2024.09.1' });
    expect(fixed.roll).toMatchObject({ status: 'rolling', currentWave: 0 });
    expect((await h.deps.advisories.get(ID))?.advisory.fixedImage).toEqual({ name: 'redis-7', version: '2024.09.1' });

    expect((await addAdvisory(h.deps, { id: ID, affects: [AFFECTED_IMAGE], fixedImage: 'redis-7:2024.09.1', severity: 'high' })).outcome).toBe('unchanged');
    await expect(addAdvisory(h.deps, { id: ID, affects: [AFFECTED_IMAGE], fixedImage: 'redis-7:2024.10.1', severity: 'high' })).rejects.toThrow(AdvisoryConflictError);
  });
});
