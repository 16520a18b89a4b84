/** Failures particular to remediation; the two kinds follow errors.ts (permanent: DLQ, transient: retry). */
import { describeError, PermanentError, TransientError } from '../errors.ts';

/** A queue message names a task the store does not have (a poison message, or a task from another stage). */
export class TaskNotFoundError extends PermanentError {
  constructor(readonly taskId: string) {
    super(`no remediation task ${taskId}`);
  }
  override toJSON() {
    return { ...super.toJSON(), taskId: this.taskId };
  }
}

/** Another run recorded something on the task between our read and our write. Re-read and decide again. */
export class TaskChangedError extends TransientError {
  constructor(
    readonly taskId: string,
    readonly expectedVersion: number,
  ) {
    super(`remediation task ${taskId} changed underneath us (expected version ${expectedVersion})`);
  }
}

/** This run's lease on the instance expired and another run took it: stop, and write nothing more. */
export class LeaseLostError extends TransientError {
  constructor(
    readonly instanceId: string,
    readonly taskId: string,
  ) {
    super(`the lease on ${instanceId} for task ${taskId} was lost (the run outlived it)`);
  }
}

/**
 * A task met a permanent failure and could not be recorded as abandoned (its page and RemediationFailed may not
 * have gone out). Transient, so the delivery is retried and the abandon with it; the dead-letter reason, if it
 * comes to that, names both failures. `cause` is the abandon's failure.
 */
export class AbandonFailedError extends TransientError {
  constructor(
    readonly taskId: string,
    readonly failure: unknown,
    abandonFailure: unknown,
  ) {
    super(`remediation task ${taskId} could not be abandoned after "${describeError(failure)}": ${describeError(abandonFailure)}`, { cause: abandonFailure });
  }
}
