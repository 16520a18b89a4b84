/** Failures particular to remediation; the two kinds follow errors.ts (permanent: DLQ, transient: retry). */
import { PermanentError, TransientError } from '../errors.ts';

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
