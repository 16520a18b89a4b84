/** Cancelled transactions read by item name; shapes DynamoDB Local does not produce on demand. */
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { InstanceStore } from '../../../shared/adapters/dynamo/instance-store.ts';
import { WriteCancelledError, InstanceAlreadyExistsError } from '../../../shared/domain/errors.ts';
import { register } from '../../../shared/domain/lifecycle.ts';
import { aCause, anInstanceSpec, system } from '../../support/factories.ts';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const mock = mockClient(doc);
afterEach(() => mock.reset());

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

const registration = () => register(anInstanceSpec({ id: 'pg-1' }), { actor: system, reason: 'created', cause: aCause('fleet') }, new Date('2026-01-01T00:00:00Z'));

describe('a cancelled registration', () => {
  it('names the instance that exists already when its own condition failed', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None', 'None', 'None'));
    await expect(new InstanceStore(doc, 't').register(registration())).rejects.toThrow(InstanceAlreadyExistsError);
  });

  it('is a typed error naming each item when a condition failed where none was expected', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None', 'None', 'None'));
    const error = await new InstanceStore(doc, 't').register(registration()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteCancelledError);
    expect((error as WriteCancelledError).reasons).toEqual({ instance: 'None', history: 'ConditionalCheckFailed', cause: 'None', stateCount: 'None', inventory: 'None' });
  });

  it('is a typed error, not a misread, when the reasons do not answer the items one for one', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    await expect(new InstanceStore(doc, 't').register(registration())).rejects.toThrow(WriteCancelledError);
  });
});
