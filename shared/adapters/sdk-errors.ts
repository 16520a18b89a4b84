/**
 * Every AWS SDK failure, classified once for all adapters (DynamoDB, SQS, EventBridge):
 * - transient (DependencyUnavailableError): throttling, a service-side fault, a timeout, a dropped connection.
 *   The SQS record that met it is retried.
 * - permanent (DependencyRejectedError): the service refused the request itself (validation, a missing resource,
 *   access denied, an item too large). Retrying the same request cannot help, so its record goes to the
 *   dead-letter queue at once with this reason instead of looping through every retry.
 * Fleetwarden's own errors pass through unchanged. The SDK error is kept as the `cause`.
 */
import { DependencyRejectedError, DependencyUnavailableError, FleetwardenError } from '../domain/errors.ts';

const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'KmsThrottled',
  'InternalServerError',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TransactionConflictException',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
]);

/** Node's errors for a connection that failed or dropped: the request may not have arrived, or its answer did not. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

interface SdkErrorShape {
  name?: string;
  code?: unknown;
  $fault?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

export function isTransientSdkError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as SdkErrorShape;
  if (e.name !== undefined && TRANSIENT_NAMES.has(e.name)) return true;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (e.$fault === 'server' || (e.$retryable !== undefined && e.$retryable !== null)) return true;
  const status = e.$metadata?.httpStatusCode;
  return status !== undefined && (status === 429 || status >= 500);
}

/** The typed error for an SDK failure: transient or permanent, with the SDK error as its cause. */
export function classifySdkError(dependency: string, error: unknown): FleetwardenError {
  if (error instanceof FleetwardenError) return error;
  if (isTransientSdkError(error)) return new DependencyUnavailableError(dependency, { cause: error });
  const name = error instanceof Error ? error.name : typeof error;
  return new DependencyRejectedError(dependency, name, { cause: error });
}

/** Throws the classified error: for `.catch(...)` on a send. */
export function sdkFailure(dependency: string): (error: unknown) => never {
  return (error: unknown) => {
    throw classifySdkError(dependency, error);
  };
}
