import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBus, type BusEvent, type LocalBus } from '../../../local/event-bus.ts';
import { EventBridgePublisher } from '../../../shared/adapters/events/event-bus.ts';
import { DependencyRejectedError, DependencyUnavailableError } from '../../../shared/domain/errors.ts';

let bus: LocalBus;
const received: { event: BusEvent; busName: string }[] = [];

beforeAll(async () => {
  bus = await startLocalBus('us-east-1');
  bus.onEvent((event, busName) => received.push({ event, busName }));
});

afterAll(async () => {
  await bus.close();
});

const events = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ type: 'InstanceStateChanged', dedupeKey: `pg-1#${i}`, detail: { instanceId: 'pg-1', version: i } }));

describe('publishing domain events', () => {
  it('puts every event on the fleet bus through the real SDK, in batches of ten', async () => {
    const client = new EventBridgeClient({ region: 'us-east-1', endpoint: bus.url, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    await new EventBridgePublisher(client, 'fleet-bus').publish(events(23));
    const mine = received.filter((r) => r.busName === 'fleet-bus');
    expect(mine).toHaveLength(23);
    expect(mine[0]?.event).toMatchObject({ source: 'fleetwarden', 'detail-type': 'InstanceStateChanged', detail: { dedupeKey: 'pg-1#0' } });
  });

  it('retries the entries EventBridge refused, once', async () => {
    const client = new EventBridgeClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ EventId: 'a' }, { ErrorCode: 'ThrottlingException' }] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'b' }] });
    await new EventBridgePublisher(client, 'fleet-bus').publish(events(2));
    const calls = mock.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Entries).toHaveLength(1);
    mock.restore();
  });

  it('fails transiently when entries are refused twice, so the caller retries and nothing is dropped', async () => {
    const client = new EventBridgeClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
    await expect(new EventBridgePublisher(client, 'fleet-bus').publish(events(1))).rejects.toThrow(DependencyUnavailableError);
    mock.restore();
  });
});

describe('publishing when EventBridge answers oddly', () => {
  it('sends every entry again when FailedEntryCount is set but the entries do not say which failed', async () => {
    const client = new EventBridgeClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(PutEventsCommand).resolvesOnce({ FailedEntryCount: 1 }).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'a' }, { EventId: 'b' }] });
    await new EventBridgePublisher(client, 'fleet-bus').publish(events(2));
    const calls = mock.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Entries).toHaveLength(2);
    mock.restore();
  });

  it('fails permanently at once when EventBridge refuses the request itself', async () => {
    const client = new EventBridgeClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(PutEventsCommand).rejects(Object.assign(new Error('no such bus'), { name: 'ResourceNotFoundException', $fault: 'client' }));
    await expect(new EventBridgePublisher(client, 'fleet-bus').publish(events(1))).rejects.toThrow(DependencyRejectedError);
    expect(mock.commandCalls(PutEventsCommand)).toHaveLength(1);
    mock.restore();
  });
});
