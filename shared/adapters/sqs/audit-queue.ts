/** The audit queue's producer side: one message per scan segment of a run. */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SegmentJob } from '../../domain/audit-runs/run.ts';
import type { SegmentQueue } from '../../usecases/audits/ports.ts';
import { QueueSender } from './queue-sender.ts';

export type { SegmentQueue };

export class SqsSegmentQueue implements SegmentQueue {
  private readonly sender: QueueSender;

  constructor(sqs: SQSClient, queueUrl: string) {
    this.sender = new QueueSender(sqs, queueUrl);
  }

  async sendSegments(jobs: readonly SegmentJob[]): Promise<void> {
    await this.sender.send(jobs.map((job) => ({ body: job })));
  }
}
