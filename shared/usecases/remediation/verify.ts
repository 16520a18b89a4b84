/**
 * The `verify` decision: probe the instance (or its successor) and record what the probe shows. Short of the
 * requirements before the deadline, the task comes back after the probe interval (a delayed message); at the
 * deadline an unmet probe fails the attempt. An instance the control plane does not know, or refuses to probe,
 * is recorded as down: it cannot verify anything. A probe that verifies the step is also recorded on the probed
 * instance as facts (shared/domain/facts.ts), so the next audit sees the backup taken or the TLS enforced.
 */
import { probedFacts } from '../../domain/facts.ts';
import type { VerifyDecision } from '../../domain/playbooks/decision.ts';
import { recordOutcome } from '../../domain/playbooks/record-outcome.ts';
import { currentAttempt } from '../../domain/playbooks/task.ts';
import type { VerificationProbe } from '../../domain/playbooks/verify.ts';
import { isPermanent } from '../../domain/errors.ts';
import { after } from '../../domain/remediation/agenda.ts';
import type { Next, TaskRun } from './run.ts';

/** SQS delays a message at most 15 minutes. */
const MAX_DELAY_SECONDS = 900;

export async function verify(run: TaskRun, d: VerifyDecision, now: Date): Promise<Next | undefined> {
  const { deps } = run;
  const probe = await probeOf(run, d.instanceId, now);
  const at = deps.clock();
  const next = recordOutcome(run.task, { kind: 'probed', probe }, at);
  // Before saving: a run that dies here probes again on redelivery and writes the same facts again.
  if (currentAttempt(next)?.outcome === 'verified') await recordEvidence(run, probe);
  if (next.status !== 'verifying') {
    await run.save(next, run.running(at));
    return undefined;
  }
  const untilDeadline = Math.ceil((Date.parse(d.deadline) - at.getTime()) / 1000);
  const delaySeconds = Math.max(1, Math.min(deps.settings.probeIntervalSeconds, untilDeadline, MAX_DELAY_SECONDS));
  await run.save(next, run.entry('verifying', after(at, delaySeconds + deps.settings.timings.graceSeconds)));
  return { kind: 'continue', delaySeconds };
}

/** A verifying probe is evidence of the instance's facts (a new backup, TLS on): the ledger records them. */
async function recordEvidence(run: TaskRun, probe: VerificationProbe): Promise<void> {
  await run.deps.liveness.recordObservation(probe.instanceId, { facts: probedFacts(probe) });
}

async function probeOf(run: TaskRun, instanceId: string, now: Date): Promise<VerificationProbe> {
  try {
    return await run.deps.provider.probe(instanceId);
  } catch (error) {
    if (!isPermanent(error)) throw error;
    return { instanceId, at: now.toISOString(), reachable: false, healthy: false };
  }
}
