/**
 * TransactWriteItems with its items named, and the answers the stores need: undefined when written, or the
 * cancellation, which says by name which item's condition failed (never by position in the request). Conflicts
 * with a concurrent transaction on the same item (a hot counter under a burst) are retried here with jitter;
 * what still conflicts is a transient error.
 */
import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailableError, WriteCancelledError } from '../../domain/errors.ts';
import { cancellationReasons, translateDynamoError, type CancellationReason } from './errors.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The transaction's items by name, in the order they are sent. */
export type NamedItems = readonly (readonly [name: string, item: TransactItem])[];

const ATTEMPTS = 6;

/** A transaction cancelled because a condition failed: which items failed, by name. */
export class Cancellation {
  constructor(
    private readonly what: string,
    private readonly reasons: ReadonlyMap<string, CancellationReason>,
  ) {}

  /** Whether this item's condition failed. */
  failed(name: string): boolean {
    return this.reasons.get(name)?.Code === 'ConditionalCheckFailed';
  }

  /** The item as it was when its condition failed (with ReturnValuesOnConditionCheckFailure: ALL_OLD). */
  oldItem(name: string): Record<string, unknown> | undefined {
    return this.reasons.get(name)?.Item;
  }

  /** The typed error for a cancellation the caller has no answer for. */
  unexpected(): WriteCancelledError {
    return new WriteCancelledError(this.what, Object.fromEntries([...this.reasons].map(([name, r]) => [name, r.Code])));
  }
}

export async function transactNamed(doc: DynamoDBDocumentClient, what: string, named: NamedItems): Promise<Cancellation | undefined> {
  let last: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: named.map(([, item]) => item) }));
      return undefined;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons === undefined) translateDynamoError(error);
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) return byName(what, named, reasons, error);
      last = error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
    }
  }
  throw new DependencyUnavailableError('DynamoDB', { cause: last });
}

function byName(what: string, named: NamedItems, reasons: CancellationReason[], error: unknown): Cancellation {
  // DynamoDB answers one reason per item, in the request's order; anything else cannot be read safely.
  if (reasons.length !== named.length) {
    throw new WriteCancelledError(what, { reasons: `${reasons.length} for ${named.length} items` }, { cause: error });
  }
  return new Cancellation(what, new Map(named.map(([name], i) => [name, reasons[i] ?? {}])));
}
