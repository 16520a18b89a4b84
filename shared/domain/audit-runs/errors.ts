/** The audits' own permanent failures: each names what was asked for, so the CLI can say it plainly. */
import { PermanentError } from '../errors.ts';

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
