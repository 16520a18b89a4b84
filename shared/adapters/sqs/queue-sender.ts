/** Sends messages to an SQS queue in batches of ten; entries SQS refuses are retried once, then it is a transient error. */
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { DependencyUnavailableError } from '../../domain/errors.ts';

export interface OutgoingMessage {
  body: unknown;
  delaySeconds?: number;
}

export class QueueSender {
  constructor(
    private readonly sqs: SQSClient,
    readonly queueUrl: string,
  ) {}

  async send(messages: OutgoingMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      let pending: SendMessageBatchRequestEntry[] = messages.slice(i, i + 10).map((m, j) => ({
        Id: String(j),
        MessageBody: JSON.stringify(m.body),
        ...(m.delaySeconds === undefined ? {} : { DelaySeconds: m.delaySeconds }),
      }));
      for (let attempt = 1; pending.length > 0; attempt++) {
        const out = await this.sqs
          .send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }))
          .catch((error: unknown) => {
            throw new DependencyUnavailableError('SQS', { cause: error });
          });
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        pending = pending.filter((entry) => failed.has(entry.Id));
        if (pending.length > 0 && attempt >= 2) {
          throw new DependencyUnavailableError('SQS', { cause: new Error(`${pending.length} message(s) refused twice by ${this.queueUrl}`) });
        }
      }
    }
  }
}
