/** Translates DynamoDB SDK failures into Fleetwarden's typed errors; the domain never sees an SDK type. */
import { DependencyUnavailableError } from '../../domain/errors.ts';

const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TransactionInProgressException',
  'TimeoutError',
]);

export function isTransientDynamoError(error: unknown): boolean {
  return error instanceof Error && (TRANSIENT.has(error.name) || 'code' in error && error.code === 'ECONNRESET');
}

/** Rethrows transient SDK failures as DependencyUnavailableError; anything else unchanged. */
export function translateDynamoError(error: unknown): never {
  if (isTransientDynamoError(error)) throw new DependencyUnavailableError('DynamoDB', { cause: error });
  throw error;
}

export interface CancellationReason {
  Code?: string;
  Item?: Record<string, unknown>;
}

/** The per-item reasons of a cancelled transaction, or undefined when the error is something else. */
export function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as Error & { CancellationReasons?: CancellationReason[] }).CancellationReasons;
  return reasons ?? [];
}
