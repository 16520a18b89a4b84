/**
 * Sends messages to an SQS queue in batches of ten. Entries SQS refuses for its own reasons are retried once, then
 * it is a transient error; an entry refused as the sender's fault (too large, invalid) is a permanent one.
 */
import { SendMessageBatchCommand, type BatchResultErrorEntry, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { DependencyRejectedError, DependencyUnavailableError } from '../../domain/errors.ts';
import { sdkFailure } from '../sdk-errors.ts';

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
          .catch(sdkFailure('SQS'));
        const failed = out.Failed ?? [];
        throwIfSenderFault(failed);
        const ids = new Set(failed.map((f) => f.Id));
        pending = pending.filter((entry) => ids.has(entry.Id));
        if (pending.length > 0 && attempt >= 2) {
          throw new DependencyUnavailableError('SQS', { cause: new Error(`${pending.length} message(s) refused twice by ${this.queueUrl}`) });
        }
      }
    }
  }
}

function throwIfSenderFault(failed: readonly BatchResultErrorEntry[]): void {
  const ours = failed.find((f) => f.SenderFault === true);
  if (ours === undefined) return;
  throw new DependencyRejectedError('SQS', ours.Code ?? 'SenderFault', { cause: new Error(`entry ${ours.Id} refused: ${ours.Code}: ${ours.Message ?? ''}`) });
}
