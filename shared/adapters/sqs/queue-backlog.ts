/** How many messages a queue holds, waiting or in flight: the heartbeat queue's backlog, for the ingestion watermark. */
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

const ATTRIBUTES = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const;

export class QueueBacklog {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /**
   * Messages waiting, in flight or delayed; undefined when the queue cannot be read (the sweeper then falls back
   * on the intake frontier: an unreadable queue is never taken as an empty one).
   */
  async waiting(): Promise<number | undefined> {
    try {
      const out = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: [...ATTRIBUTES] }));
      return ATTRIBUTES.reduce((sum, name) => sum + Number(out.Attributes?.[name] ?? 0), 0);
    } catch (error) {
      this.onError(error);
      return undefined;
    }
  }
}
