/**
 * TransactWriteItems with the answers remediation needs: undefined when written, or the per-item cancellation
 * codes when a condition failed. Conflicts with a concurrent transaction on the same item (a hot counter under
 * a burst) are retried here with jitter; what still conflicts is a transient error.
 */
import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailableError } from '../../domain/errors.ts';
import { cancellationReasons, translateDynamoError } from './errors.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const ATTEMPTS = 6;

export async function transact(doc: DynamoDBDocumentClient, items: TransactItem[]): Promise<(string | undefined)[] | undefined> {
  let last: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons === undefined) translateDynamoError(error);
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) return reasons.map((r) => r.Code);
      last = error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
    }
  }
  throw new DependencyUnavailableError('DynamoDB', { cause: last });
}

/** Whether the item at `index` of a cancelled transaction failed its condition. */
export const failedAt = (codes: readonly (string | undefined)[], index: number) => codes[index] === 'ConditionalCheckFailed';
