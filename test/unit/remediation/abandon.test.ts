/** A task that meets a permanent failure is abandoned; when even that fails, the delivery is retried, not dropped. */
import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError, InstanceNotFoundError } from '../../../shared/domain/errors.ts';
import { AbandonFailedError } from '../../../shared/domain/remediation/errors.ts';
import { planFromCondition } from '../../../shared/usecases/remediation/plan.ts';
import { runRemediation } from '../../../shared/usecases/remediation/worker.ts';
import { availableInstances, harness, raise } from './harness.ts';

describe('a task that cannot go on', () => {
  it('is retried with AbandonFailedError when it cannot be abandoned, and abandoned by the retry', async () => {
    const h = await harness();
    await availableInstances(h, [{ id: 'pg-abandon-1', service: 'postgres', zone: 'us-east-1a', cellId: 'cell-1' }]);
    h.fleet.crash('pg-abandon-1');
    const plan = await planFromCondition(h.deps, await raise(h, 'pg-abandon-1', 'down'));
    if (!('taskId' in plan)) throw new Error(`test setup: ${plan.reason}`);
    // The instance's record is gone (a hand deletion): the run fails permanently with InstanceNotFoundError.
    h.db.instances.delete('pg-abandon-1');
    const publish = h.deps.events.publish.bind(h.deps.events);
    // The bus refuses only what abandoning publishes: the run gets as far as the permanent failure.
    h.deps.events.publish = async (events) => {
      if (events.some((e) => e.type === 'RemediationFailed')) throw new DependencyUnavailableError('EventBridge');
      return publish(events);
    };
    const options = (token: string) => ({ token, leaseMs: 60_000, stopStartingAt: Date.now() + 30_000, finalDelivery: false });

    const error = await runRemediation(h.deps, plan.taskId, options('first')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbandonFailedError);
    expect((error as AbandonFailedError).message).toContain('InstanceNotFoundError');
    expect((error as AbandonFailedError).cause).toBeInstanceOf(DependencyUnavailableError);
    expect((await h.deps.tasks.find(plan.taskId))?.task.status).not.toBe('failed');

    h.deps.events.publish = publish;
    h.clock.advance(130); // the failed run keeps its lease for twice its length
    await expect(runRemediation(h.deps, plan.taskId, options('retry'))).rejects.toThrow(InstanceNotFoundError);
    expect((await h.deps.tasks.find(plan.taskId))?.task.status).toBe('failed');
    expect(h.events.ofType('RemediationFailed')).toHaveLength(1);
  });
});
