/** Translates DynamoDB SDK failures into Fleetwarden's typed errors; the domain never sees an SDK type. */
import { classifySdkError } from '../sdk-errors.ts';

/** Rethrows any SDK failure classified: DependencyUnavailableError (transient) or DependencyRejectedError (permanent). */
export function translateDynamoError(error: unknown): never {
  throw classifySdkError('DynamoDB', error);
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
