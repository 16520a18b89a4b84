import { ValidationError } from '../errors.ts';
import { currentAttempt } from './task.ts';
import type { RemediationTask } from './task.ts';
import { closeAttempt, mismatch, withCurrent } from './task-update.ts';
import { checkProbe } from './verify.ts';
import type { VerificationProbe } from './verify.ts';

/**
 * Records a probe taken to verify the current attempt. Meeting every requirement verifies the step. A
 * probe that falls short before the deadline leaves the attempt verifying (the worker probes again);
 * one that falls short at or after the deadline fails the attempt. The deadline bounds the wait, it is
 * no penalty: a passing probe verifies even when the worker ran late.
 */
export function recordProbe(task: RemediationTask, probe: VerificationProbe, now: Date): RemediationTask {
  const record = currentAttempt(task);
  if (record?.outcome !== 'in-progress' || record.actedAt === undefined || record.verify === undefined) {
    throw mismatch(task, 'probed');
  }
  if (probe.instanceId !== record.probeInstanceId) {
    throw new ValidationError('remediation outcome', [
      `probe of ${probe.instanceId} cannot verify ${record.step} of task ${task.id}: ` +
        `it must look at ${record.probeInstanceId ?? task.instanceId}`,
    ]);
  }
  const check = checkProbe(probe, record.verify.require, new Date(record.actedAt));
  if (check.ok) return withCurrent(task, closeAttempt(record, 'verified', undefined, now), { status: 'pending' }, now);
  const deadline = Date.parse(record.deadline ?? record.actedAt);
  if (now.getTime() >= deadline) {
    const reason = `not verified within ${record.verify.withinSeconds} s: ${check.reason}`;
    return withCurrent(task, closeAttempt(record, 'failed', reason, now), { status: 'pending' }, now);
  }
  const waiting = { ...record, lastProbe: { at: probe.at, unmet: check.reason } };
  return withCurrent(task, waiting, { status: 'verifying' }, now);
}
