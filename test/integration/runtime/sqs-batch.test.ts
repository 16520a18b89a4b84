import { ChangeMessageVisibilityCommand, CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DependencyUnavailableError, ValidationError } from '../../../shared/domain/errors.ts';
import { processSqsBatch } from '../../../shared/runtime/sqs-batch.ts';
import { swallowedCounts } from '../../../shared/runtime/swallowed.ts';
import { freshStack, type TestStack } from '../../support/stack.ts';

let stack: TestStack;
let dlqUrl: string;

beforeAll(async () => {
  stack = await freshStack();
  const name = `${stack.stage}-batch-dlq`;
  await stack.sqs.send(new CreateQueueCommand({ QueueName: name }));
  dlqUrl = `${inject('sqsEndpoint')}/000000000000/${name}`;
});

function record(body: string, receiveCount = 1): SQSRecord {
  return {
    messageId: `m-${Math.random().toString(36).slice(2)}`,
    receiptHandle: 'handle',
    body,
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:source-queue',
    awsRegion: 'us-east-1',
  };
}

async function drainDlq() {
  const out = await stack.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }));
  return out.Messages ?? [];
}

const handle = async (r: SQSRecord) => {
  if (r.body === 'poison') throw new ValidationError('message', ['not a heartbeat']);
  if (r.body === 'flaky') throw new DependencyUnavailableError('DynamoDB');
};

describe('processing an SQS batch', () => {
  it('reports transient failures for retry, dead-letters permanent ones with their reason, and keeps the rest', async () => {
    const ok = record('fine');
    const flaky = record('flaky');
    const poison = record('poison');
    const event: SQSEvent = { Records: [ok, flaky, poison] };
    const response = await processSqsBatch(event, handle, { sqs: stack.sqs, deadLetterQueueUrl: dlqUrl, maxAttempts: 5 });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: flaky.messageId }]);
    const dead = await drainDlq();
    expect(dead.map((m) => m.Body)).toEqual(['poison']);
    expect(dead[0]?.MessageAttributes?.reason?.StringValue).toBe('ValidationError: invalid message: not a heartbeat');
    expect(dead[0]?.MessageAttributes?.kind?.StringValue).toBe('permanent');
  });

  it('dead-letters a transient failure on its last attempt instead of losing it', async () => {
    const last = record('flaky', 5);
    const response = await processSqsBatch({ Records: [last] }, handle, { sqs: stack.sqs, deadLetterQueueUrl: dlqUrl, maxAttempts: 5 });
    expect(response.batchItemFailures).toEqual([]);
    const dead = await drainDlq();
    expect(dead[0]?.MessageAttributes).toMatchObject({
      kind: { StringValue: 'retries-exhausted' },
      attempts: { StringValue: '5' },
      reason: { StringValue: 'DependencyUnavailableError: DynamoDB is unavailable right now' },
    });
  });

  it('leaves a record on its queue when even the dead-letter queue refuses it', async () => {
    const sqs = new SQSClient({ region: 'us-east-1' });
    const mock = mockClient(sqs);
    mock.on(SendMessageCommand).rejects(new Error('throttled'));
    const poison = record('poison');
    const before = swallowedCounts()['sqs-batch: dead-letter refused'] ?? 0;
    const response = await processSqsBatch({ Records: [poison] }, handle, { sqs, deadLetterQueueUrl: dlqUrl, maxAttempts: 5 });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: poison.messageId }]);
    expect(swallowedCounts()['sqs-batch: dead-letter refused']).toBe(before + 1);
    mock.restore();
  });

  it('still reports a transient failure for retry when its backoff cannot be set, and counts that', async () => {
    const sqs = new SQSClient({ region: 'us-east-1' });
    const mock = mockClient(sqs);
    mock.on(ChangeMessageVisibilityCommand).rejects(Object.assign(new Error('receipt handle expired'), { name: 'ReceiptHandleIsInvalid' }));
    const flaky = record('flaky');
    const before = swallowedCounts()['sqs-batch: backoff not set'] ?? 0;
    const response = await processSqsBatch({ Records: [flaky] }, handle, { sqs, deadLetterQueueUrl: dlqUrl, maxAttempts: 5 });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: flaky.messageId }]);
    expect(mock.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(1);
    expect(swallowedCounts()['sqs-batch: backoff not set']).toBe(before + 1);
    mock.restore();
  });
});
