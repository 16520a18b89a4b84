import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, inject, it } from 'vitest';
import { startPoller } from '../../../local/sqs-poller.ts';
import { LOCAL_CREDENTIALS } from '../../support/stack.ts';

const sqs = new SQSClient({ region: 'us-east-1', endpoint: inject('sqsEndpoint'), credentials: LOCAL_CREDENTIALS });

async function queueWith(messages: number): Promise<string> {
  const name = `poller-${randomUUID().slice(0, 8)}`;
  await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '60' } }));
  const url = `${inject('sqsEndpoint')}/000000000000/${name}`;
  for (let i = 0; i < messages; i += 10) {
    const entries = Array.from({ length: Math.min(10, messages - i) }, (_, j) => ({ Id: String(j), MessageBody: `m${i + j}` }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
  }
  return url;
}

async function depth(url: string): Promise<number> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(out.Attributes?.ApproximateNumberOfMessages) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible);
}

describe('the local SQS event source', () => {
  it('works a backlog off in concurrent batches, never more than the cap, and deletes what it delivered', async () => {
    const url = await queueWith(60);
    const delivered = new Set<string>();
    const errors: unknown[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    let release = () => undefined as void;
    const threeInFlight = new Promise<void>((resolve) => (release = resolve));
    const poller = startPoller({
      sqs,
      queueUrl: url,
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:poller',
      region: 'us-east-1',
      batchSize: 10,
      concurrency: { initial: 2, max: 3 },
      reportBatchItemFailures: false,
      invoke: async (event: SQSEvent) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        // Batches wait for each other until three are in flight: only a third concurrent poller gets them going.
        if (inFlight === 3) release();
        await threeInFlight;
        for (const record of event.Records) delivered.add(record.body);
        inFlight -= 1;
      },
      onError: (error) => errors.push(error),
    });
    while (delivered.size < 60) await new Promise((r) => setTimeout(r, 100));
    await poller.stop();
    expect(errors).toEqual([]);
    expect(mostInFlight).toBe(3);
    expect(await depth(url)).toBe(0);
  });
});
