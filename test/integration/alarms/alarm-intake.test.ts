/**
 * Alarm intake's behaviour through its handler on the local stack: raise, clear, observe, unavailable, unmatched,
 * and at-least-once delivery (duplicates, the same change in two shapes, late deliveries).
 */
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../local/event-bus.ts';
import type { AlarmIntakeResult } from '../../../shared/usecases/alarm-intake.ts';
import type { StackUnderTest } from '../../support/local-stack.ts';
import { LOCAL_CREDENTIALS } from '../../support/stack.ts';
import { inject } from 'vitest';
import { arnOf, eventBridgeAlarm, lambdaActionAlarm, ledgerOf, registerAvailable, snsAlarm, startAlarmStack, type AlarmSpec, type Ledger } from './support.ts';

let sut: StackUnderTest;
let ledger: Ledger;
const published: BusEvent[] = [];
let counter = 0;

beforeAll(async () => {
  sut = await startAlarmStack();
  ledger = ledgerOf(sut);
  sut.stack.bus.onEvent((event, busName) => {
    if (busName === process.env.FLEET_BUS_NAME) published.push(event);
  });
});

afterAll(async () => {
  await sut.stack.stop();
});

async function anInstance(): Promise<string> {
  counter += 1;
  const id = `pg-alarm-${counter}`;
  await registerAvailable(sut, id);
  return id;
}

const intake = async (event: unknown) => (await sut.stack.invoke('alarmIntake', event)) as AlarmIntakeResult[];
const diskAlarm = (id: string, state: AlarmSpec['state'], at: string, name = `${id}-free-storage`): AlarmSpec => ({
  name, state, at, metric: 'FreeStorageSpace', dimensions: { DBInstanceIdentifier: id },
});
const ofType = (type: string, instanceId: string) =>
  published.filter((e) => e['detail-type'] === type && (e.detail as { instanceId?: string }).instanceId === instanceId);

describe('alarm intake', () => {
  it('raises the condition on ALARM, with the alarm as source, its reason as evidence and the state time', async () => {
    const id = await anInstance();
    const [result] = await intake(eventBridgeAlarm({ ...diskAlarm(id, 'ALARM', '2026-11-22T10:00:00.000Z'), reason: 'free storage 1 GiB < 2 GiB' }));
    expect(result).toMatchObject({ instanceIds: [id], condition: 'disk-full', action: 'raise', unmatched: false, effects: { [id]: 'raised' } });
    const instance = await ledger.store.get(id);
    expect(instance.conditions?.['disk-full']).toEqual({ raisedAt: '2026-11-22T10:00:00.000Z', source: arnOf(`${id}-free-storage`), evidence: 'free storage 1 GiB < 2 GiB' });
    expect(instance.state).toBe('available');
    expect(ofType('ConditionRaised', id)).toHaveLength(1);
  });

  it('changes nothing twice when the same occurrence is delivered again, in any shape', async () => {
    const id = await anInstance();
    const spec = diskAlarm(id, 'ALARM', '2026-11-22T10:01:00.000Z');
    await intake(eventBridgeAlarm(spec));
    const items = await ledger.itemCount();
    const again = [...(await intake(eventBridgeAlarm(spec))), ...(await intake(snsAlarm(spec))), ...(await intake(lambdaActionAlarm(spec)))];
    expect(again.map((r) => r.effects[id])).toEqual(['already-raised', 'already-raised', 'already-raised']);
    expect(await ledger.itemCount()).toBe(items);
    // Republished for safety, always with the same dedupeKey: consumers see one fact.
    expect(new Set(ofType('ConditionRaised', id).map((e) => (e.detail as { dedupeKey: string }).dedupeKey)).size).toBe(1);
  });

  it('clears the condition on OK from the alarm that raised it, and only from that alarm', async () => {
    const id = await anInstance();
    await intake(eventBridgeAlarm(diskAlarm(id, 'ALARM', '2026-11-22T10:02:00.000Z')));
    const [other] = await intake(snsAlarm(diskAlarm(id, 'OK', '2026-11-22T10:03:00.000Z', `${id}-another-disk-alarm`)));
    expect(other?.effects[id]).toBe('not-raised');
    expect((await ledger.store.get(id)).conditions?.['disk-full']).toBeDefined();

    const [own] = await intake(lambdaActionAlarm(diskAlarm(id, 'OK', '2026-11-22T10:04:00.000Z')));
    expect(own).toMatchObject({ action: 'clear', effects: { [id]: 'cleared' } });
    expect((await ledger.store.get(id)).conditions?.['disk-full']).toBeUndefined();
    expect(ofType('ConditionCleared', id)).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ condition: 'disk-full', clearedBy: `alarm:${id}-free-storage` }) as unknown }),
    ]);
  });

  it('ignores a late delivery of an older state: an ALARM arriving after its OK raises nothing', async () => {
    const id = await anInstance();
    await intake(eventBridgeAlarm(diskAlarm(id, 'OK', '2026-11-22T10:06:00.000Z')));
    const [late] = await intake(eventBridgeAlarm(diskAlarm(id, 'ALARM', '2026-11-22T10:05:00.000Z')));
    expect(late?.effects[id]).toBe('late');
    expect((await ledger.store.get(id)).conditions ?? {}).toEqual({});
  });

  it('records INSUFFICIENT_DATA as evidence of silence, without raising or changing state', async () => {
    const id = await anInstance();
    const spec: AlarmSpec = { name: `${id}-agent-heartbeat`, state: 'INSUFFICIENT_DATA', at: '2026-11-22T10:07:00.000Z', namespace: 'Fleetwarden/Agents', metric: 'heartbeat', dimensions: { FleetwardenInstanceId: id } };
    const [result] = await intake(eventBridgeAlarm(spec));
    expect(result).toMatchObject({ condition: 'down', action: 'observe', effects: { [id]: 'observed' } });
    const instance = await ledger.store.get(id);
    expect(instance).toMatchObject({ state: 'available', conditions: {} });
    expect(await ledger.alarmLog.observations(id)).toEqual([
      expect.objectContaining({ alarmName: spec.name, state: 'INSUFFICIENT_DATA', at: spec.at }),
    ]);
  });

  it('moves an available instance to unavailable on a down ALARM, once, with the alarm as actor and cause', async () => {
    const id = await anInstance();
    const spec: AlarmSpec = { name: `fw:${id}:down`, state: 'ALARM', at: '2026-11-22T10:08:00.000Z', reason: 'TCP health check failed 3 times' };
    const [result] = await intake(lambdaActionAlarm(spec));
    expect(result).toMatchObject({ condition: 'down', movedToUnavailable: [id] });
    await intake(snsAlarm(spec));
    const history = await ledger.store.history(id);
    expect(history.map((e) => e.to)).toEqual(['unavailable', 'available', 'installing']);
    expect(history[0]).toMatchObject({
      from: 'available',
      actor: { kind: 'alarm', id: `fw:${id}:down` },
      cause: { kind: 'alarm', id: `${arnOf(`fw:${id}:down`)}#ALARM#2026-11-22T10:08:00.000Z` },
    });
    expect((await ledger.store.get(id)).conditions?.down).toMatchObject({ evidence: 'TCP health check failed 3 times' });
    expect(ofType('InstanceStateChanged', id).filter((e) => (e.detail as { to: string }).to === 'unavailable')).not.toHaveLength(0);
  });

  it('raises down on an instance mid-restart without taking it out of restart', async () => {
    const id = await anInstance();
    await sut.warden('transition', id, 'restart', '--reason', 'restarting for the test', '--actor', 'tester');
    await intake(eventBridgeAlarm({ name: `fw:${id}:down`, state: 'ALARM', at: '2026-11-22T10:09:00.000Z' }));
    const instance = await ledger.store.get(id);
    expect(instance.state).toBe('restart');
    expect(instance.conditions?.down).toBeDefined();
  });

  it('records an alarm for no known instance as unmatched, once, and reports it', async () => {
    const spec = diskAlarm('pg-nobody-1', 'ALARM', '2026-11-21T23:59:59.999Z');
    const [result] = await intake(eventBridgeAlarm(spec));
    expect(result).toMatchObject({ unmatched: true, instanceIds: [], unknownIds: ['pg-nobody-1'], condition: 'disk-full' });
    const items = await ledger.itemCount();
    await intake(snsAlarm(spec));
    expect(await ledger.itemCount()).toBe(items);
    expect(await ledger.alarmLog.unmatchedOn('2026-11-21')).toEqual([
      expect.objectContaining({ alarmName: spec.name, state: 'ALARM', candidates: ['pg-nobody-1'], condition: 'disk-full' }),
    ]);
  });

  it('takes alarm state changes from the default bus, and dead-letters a malformed one with its reason', async () => {
    const id = await anInstance();
    const good = eventBridgeAlarm(diskAlarm(id, 'ALARM', '2026-11-22T10:10:00.000Z')) as unknown as BusEvent;
    await sut.stack.bus.put('default', good);
    expect((await ledger.store.get(id)).conditions?.['disk-full']).toBeDefined();

    const before = await ledger.itemCount();
    const broken = { ...good, detail: { ...(good.detail as object), state: { value: 'BROKEN', reason: 'x', timestamp: '2026-11-22T10:11:00.000+0000' } } };
    await sut.stack.bus.put('default', broken);
    expect(await ledger.itemCount()).toBe(before);
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: inject('sqsEndpoint'), credentials: LOCAL_CREDENTIALS });
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: sut.stack.resources.EventsDeadLetterQueue?.ref, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    const bodies = (out.Messages ?? []).map((m) => m.Body ?? '');
    expect(bodies.some((body) => body.includes('ValidationError') && body.includes('BROKEN'))).toBe(true);
  });
});
