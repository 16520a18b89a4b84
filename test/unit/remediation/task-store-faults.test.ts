/** Faults DynamoDB Local cannot produce on demand: transaction conflicts on a hot counter, throttling. */
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskStore } from '../../../shared/adapters/dynamo/task-store.ts';
import type { StoredTask } from '../../../shared/adapters/dynamo/task-item.ts';
import { DependencyUnavailableError } from '../../../shared/domain/errors.ts';
import { planRemediation, loadPlaybooks } from '../../../shared/domain/playbooks/index.ts';
import { TaskChangedError } from '../../../shared/domain/remediation/errors.ts';
import { anInstance } from '../../support/factories.ts';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const mock = mockClient(doc);
afterEach(() => mock.reset());

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

function stored(): StoredTask {
  const plan = planRemediation({ condition: 'down', instance: anInstance({ id: 'pg-1' }), cause: { kind: 'alarm', id: 'a' } }, new Date(), loadPlaybooks());
  if (plan.kind !== 'plan') throw new Error('test setup');
  return { task: plan.task, placement: { service: 'postgres', zone: 'us-east-1a', region: 'us-east-1' } };
}

function takingSlot(): Parameters<TaskStore['save']>[0] {
  const previous = stored();
  const next = { ...previous, task: { ...previous.task, version: 2 }, budget: { service: 'postgres', zone: 'us-east-1a' } };
  return { previous, next, agenda: undefined, limits: { fleet: 10, service: 10, zone: 10 } };
}

describe('saving a task when DynamoDB pushes back', () => {
  it('retries a transaction that conflicted with a concurrent one on a hot counter', async () => {
    mock.on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'TransactionConflict', 'None', 'None'))
      .rejectsOnce(cancelled('None', 'None', 'None', 'TransactionConflict', 'None'))
      .resolves({});
    expect(await new TaskStore(doc, 't').save(takingSlot())).toBe('saved');
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('gives up with a transient error when every attempt conflicts, so the message is retried later', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'TransactionConflict', 'None', 'None'));
    await expect(new TaskStore(doc, 't').save(takingSlot())).rejects.toThrow(DependencyUnavailableError);
  });

  it('turns throttling into a transient error', async () => {
    const throttled = Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' });
    mock.on(TransactWriteCommand).rejects(throttled);
    await expect(new TaskStore(doc, 't').save(takingSlot())).rejects.toThrow(DependencyUnavailableError);
  });

  it('tells a full budget from a task another run changed', async () => {
    mock.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'None', 'None', 'ConditionalCheckFailed', 'None'));
    expect(await new TaskStore(doc, 't').save(takingSlot())).toBe('budget-exhausted');
    mock.reset();
    mock.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed', 'None', 'None', 'None', 'None'));
    await expect(new TaskStore(doc, 't').save(takingSlot())).rejects.toThrow(TaskChangedError);
  });
});
