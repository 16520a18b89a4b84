import { readFileSync } from 'node:fs';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { deliveriesDone } from '../../../shared/runtime/sqs-batch.ts';

const sample = (name: string) => JSON.parse(readFileSync(`../shared/aws-events/${name}`, 'utf8')) as SQSEvent;

describe('the deliveries a heartbeat batch gives the intake mark', () => {
  it('takes SentTimestamp and ApproximateReceiveCount from a published SQS event, leaving out failed records', () => {
    const event = sample('sqs-event-standard-lambda-docs.json');
    const [first, second] = event.Records;
    const done = deliveriesDone(event, { batchItemFailures: [{ itemIdentifier: second?.messageId ?? '' }] });
    expect(done).toEqual([{ sentAt: new Date(Number(first?.attributes.SentTimestamp)).toISOString(), attempt: Number(first?.attributes.ApproximateReceiveCount) }]);
  });

  it('leaves out a record without a readable SentTimestamp (a hand-made event says nothing about intake)', () => {
    const event = sample('sqs-event-standard-lambda-docs.json');
    const records = event.Records.map((r) => ({ ...r, attributes: { ...r.attributes, SentTimestamp: 'soon' } }));
    expect(deliveriesDone({ Records: records }, { batchItemFailures: [] })).toEqual([]);
  });
});
