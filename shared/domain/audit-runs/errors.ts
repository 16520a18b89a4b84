/** The audits' own permanent failures: each names what was asked for, so the CLI can say it plainly. */
import { describeError, isPermanent, PermanentError, TransientError } from '../errors.ts';

export class AuditRunNotFoundError extends PermanentError {
  constructor(readonly runId: string) {
    super(`no audit run ${runId}`);
  }
  override toJSON() {
    return { ...super.toJSON(), runId: this.runId };
  }
}

/** There is no run at all yet (`audit status` and `audit report` without a run id). */
export class NoAuditRunsError extends PermanentError {
  constructor() {
    super('no audit has run yet; start one with `warden audit run`');
  }
}

export class AuditRunNotFinishedError extends PermanentError {
  constructor(
    readonly runId: string,
    readonly completedShards: number,
    readonly totalSegments: number,
  ) {
    super(`audit run ${runId} is still running (${completedShards} of ${totalSegments} segments done); try again when it completes`);
  }
  override toJSON() {
    return { ...super.toJSON(), runId: this.runId, completedShards: this.completedShards, totalSegments: this.totalSegments };
  }
}

export class AdvisoryNotFoundError extends PermanentError {
  constructor(readonly advisoryId: string) {
    super(`no advisory ${advisoryId} is recorded`);
  }
  override toJSON() {
    return { ...super.toJSON(), advisoryId: this.advisoryId };
  }
}

/** An advisory id already recorded with different content: advisories are not silently rewritten. */
export class AdvisoryConflictError extends PermanentError {
  constructor(
    readonly advisoryId: string,
    readonly differences: string[],
  ) {
    super(`advisory ${advisoryId} is already recorded with a different ${differences.join(', ')}`);
  }
  override toJSON() {
    return { ...super.toJSON(), advisoryId: this.advisoryId, differences: this.differences };
  }
}

/**
 * Some image rolls could not step this time (every other roll stepped). Transient, so that the function's errors
 * alarm tells someone and the next schedule steps them again; each failure keeps its own error, and the cause
 * is an AggregateError of them all.
 */
export class RollStepsFailedError extends TransientError {
  readonly failures: readonly { advisoryId: string; error: unknown }[];
  constructor(failures: readonly { advisoryId: string; error: unknown }[]) {
    super(
      `${failures.length} roll(s) could not step: ${failures.map((f) => `${f.advisoryId}: ${describeError(f.error)}`).join('; ')}`,
      { cause: new AggregateError(failures.map((f) => f.error), 'roll step failures') },
    );
    this.failures = failures;
  }
  override toJSON() {
    return {
      ...super.toJSON(),
      failures: this.failures.map((f) => ({ advisoryId: f.advisoryId, reason: describeError(f.error), permanent: isPermanent(f.error) })),
    };
  }
}
