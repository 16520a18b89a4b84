/**
 * Every failure Fleetwarden names. Two kinds matter to callers:
 * - permanent: bad input, an illegal transition, an unknown instance. Retrying cannot help; nothing was
 *   written, and an SQS record carrying it goes to the dead-letter queue with this error as its reason.
 * - transient: throttling, timeouts, a lost race. Thrown so that the record is retried.
 * Constructors do not log; they carry data and the `cause`.
 */
export type FailureKind = 'permanent' | 'transient';

export abstract class FleetwardenError extends Error {
  abstract readonly kind: FailureKind;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
  /** What a caller (CLI, logs, DLQ reason) may see. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, kind: this.kind };
  }
}

export abstract class PermanentError extends FleetwardenError {
  readonly kind = 'permanent' as const;
}

export abstract class TransientError extends FleetwardenError {
  readonly kind = 'transient' as const;
}

/** Input that does not match its schema. `issues` lists each field that is wrong and why. */
export class ValidationError extends PermanentError {
  constructor(
    readonly what: string,
    readonly issues: string[],
    options?: { cause?: unknown },
  ) {
    super(`invalid ${what}: ${issues.join('; ')}`, options);
  }
  override toJSON() {
    return { ...super.toJSON(), what: this.what, issues: this.issues };
  }
}

/** An event of a kind this entry point does not handle (a configuration change, a wrong source). */
export class UnsupportedEventError extends PermanentError {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`unsupported event: ${reason}`, options);
  }
}

export class IllegalTransitionError extends PermanentError {
  constructor(
    readonly instanceId: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`instance ${instanceId} cannot go from ${from} to ${to}`);
  }
  override toJSON() {
    return { ...super.toJSON(), instanceId: this.instanceId, from: this.from, to: this.to };
  }
}

export class InstanceNotFoundError extends PermanentError {
  constructor(readonly instanceId: string) {
    super(`no instance ${instanceId} is registered`);
  }
  override toJSON() {
    return { ...super.toJSON(), instanceId: this.instanceId };
  }
}

export class InstanceAlreadyExistsError extends PermanentError {
  constructor(readonly instanceId: string) {
    super(`instance ${instanceId} is already registered`);
  }
}

/**
 * The caller's role does not allow the command (or no role: the principal is not mapped). Says which role is
 * needed so the engineer knows whom to ask; nothing was done.
 */
export class AccessDeniedError extends PermanentError {
  constructor(
    readonly what: string,
    readonly needed: string,
    readonly held: string | undefined,
    readonly principal: string,
    readonly via: 'url' | 'invoke',
  ) {
    super(
      via === 'invoke' && held !== undefined
        ? `${what} needs role ${needed}, and a direct invoke carries no verified identity: call through the Function URL (the warden CLI does)`
        : `${what} needs role ${needed}; ${principal} ${held === undefined ? 'has no role (not in the stage\'s operator roles)' : `has ${held}`}`,
    );
  }
  override toJSON() {
    return { ...super.toJSON(), needed: this.needed, held: this.held ?? null, principal: this.principal };
  }
}

/** A break-glass action asked without its papers: the flag, a ticket and a reason are all required. */
export class BreakGlassRequiredError extends PermanentError {
  constructor(readonly what: string, readonly missing: string[]) {
    super(`${what} is a break-glass action: give ${missing.join(', ')} (and hold role breakglass)`);
  }
  override toJSON() {
    return { ...super.toJSON(), missing: this.missing };
  }
}

/**
 * Someone else changed the instance between our read and our write. Transient: the caller re-reads and
 * decides again (the new state may make the change unnecessary or illegal).
 */
export class StaleVersionError extends TransientError {
  constructor(
    readonly instanceId: string,
    readonly expectedVersion: number,
    readonly actualVersion?: number,
  ) {
    super(
      `instance ${instanceId} changed underneath us: expected version ${expectedVersion}` +
        (actualVersion === undefined ? '' : `, found ${actualVersion}`),
    );
  }
}

/** The store or a queue pushed back (throttling, timeouts). Retry later. */
export class DependencyUnavailableError extends TransientError {
  constructor(
    readonly dependency: string,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} is unavailable right now`, options);
  }
}

/**
 * A store, queue or bus refused the request itself (validation, a missing table or queue, access denied, an item
 * too large): retrying the same request cannot help. `errorName` is the service's own name for the refusal.
 */
export class DependencyRejectedError extends PermanentError {
  constructor(
    readonly dependency: string,
    readonly errorName: string,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} rejected the request (${errorName})`, options);
  }
  override toJSON() {
    return { ...super.toJSON(), dependency: this.dependency, errorName: this.errorName };
  }
}

/**
 * A write that was cancelled for a reason the adapter did not expect (a condition failed on an item whose
 * condition the caller did not name). Nothing was written; transient, so the record is retried and re-read.
 */
export class WriteCancelledError extends TransientError {
  constructor(
    readonly what: string,
    readonly reasons: Readonly<Record<string, string | undefined>>,
    options?: { cause?: unknown },
  ) {
    super(`${what} was cancelled: ${Object.entries(reasons).map(([item, code]) => `${item}=${code ?? 'None'}`).join(', ')}`, options);
  }
  override toJSON() {
    return { ...super.toJSON(), what: this.what, reasons: this.reasons };
  }
}

/**
 * An item read from the store does not have the shape this code writes (a hand edit, an older format, a bug):
 * permanent, and `issues` names each bad field.
 */
export class CorruptItemError extends PermanentError {
  constructor(
    readonly what: string,
    readonly key: string,
    readonly issues: string[],
    options?: { cause?: unknown },
  ) {
    super(`stored ${what} ${key} is malformed: ${issues.join('; ')}`, options);
  }
  override toJSON() {
    return { ...super.toJSON(), what: this.what, key: this.key, issues: this.issues };
  }
}

export function isPermanent(error: unknown): boolean {
  return error instanceof FleetwardenError && error.kind === 'permanent';
}

/** A one-line reason fit for a dead-letter queue attribute, a CLI message or a log line. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
