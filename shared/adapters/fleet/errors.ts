import { PermanentError, TransientError } from '../../domain/errors.ts';
import type { FleetActionKind } from '../../domain/fleet.ts';

/** What a fleet request was about, so that a rejection names its target in logs and DLQ reasons. */
export interface FleetRequestTarget {
  /** The action kind, or `probe` for a health probe. */
  operation: FleetActionKind | 'probe';
  instanceId: string;
}

/**
 * The control plane refused the request (HTTP 4xx other than 429): unknown instance, an action that does not
 * apply (failover of a standalone), an action that ran and failed, a bad signature. Retrying cannot help.
 */
export class FleetActionRejectedError extends PermanentError {
  constructor(
    readonly status: number,
    readonly serverMessage: string,
    readonly target: FleetRequestTarget,
    options?: { cause?: unknown },
  ) {
    super(`${target.operation} of ${target.instanceId} rejected with ${status}: ${serverMessage}`, options);
  }
  override toJSON() {
    return { ...super.toJSON(), status: this.status, serverMessage: this.serverMessage, ...this.target };
  }
}

export type UnavailableReason = 'timeout' | 'server-error' | 'throttled' | 'network';

/** The control plane did not answer usefully after every attempt (timeouts, 5xx, 429, network). Retry later. */
export class FleetUnavailableError extends TransientError {
  constructor(
    readonly reason: UnavailableReason,
    readonly attempts: number,
    readonly target: FleetRequestTarget,
    options?: { cause?: unknown },
  ) {
    super(`${target.operation} of ${target.instanceId} failed after ${attempts} attempt(s): ${reason}`, options);
  }
  override toJSON() {
    return { ...super.toJSON(), reason: this.reason, attempts: this.attempts, ...this.target };
  }
}

/**
 * The control plane answered 2xx with a body that is not the protocol's shape. Permanent: a contract bug that
 * retries would only repeat (the action itself, if it ran, is safe to replay by its idempotency key).
 */
export class FleetResponseInvalidError extends PermanentError {
  constructor(
    readonly target: FleetRequestTarget,
    readonly issues: string[],
    options?: { cause?: unknown },
  ) {
    super(`${target.operation} of ${target.instanceId}: invalid control-plane response: ${issues.join('; ')}`, options);
  }
}

/** The signing key is not configured (missing parameter, empty value). Permanent until someone fixes config. */
export class FleetSigningKeyMissingError extends PermanentError {
  constructor(
    readonly source: string,
    options?: { cause?: unknown },
  ) {
    super(`no fleet signing key at ${source}`, options);
  }
}
