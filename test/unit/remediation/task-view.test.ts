import { describe, expect, it } from 'vitest';
import { planRemediation, recordOutcome, nextAction, loadPlaybooks } from '../../../shared/domain/playbooks/index.ts';
import type { RemediationTask } from '../../../shared/domain/playbooks/index.ts';
import { attemptsEnded, describeTask, startedActing } from '../../../shared/domain/remediation/task-view.ts';
import { fixedImageOf } from '../../../shared/usecases/remediation/context.ts';
import { anInstance } from '../../support/factories.ts';

const T0 = new Date('2025-03-01T10:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const playbooks = loadPlaybooks();
const instance = anInstance({ id: 'pg-1', state: 'unavailable' });
const down = playbooks.byName.get('down');

function planned(): RemediationTask {
  const plan = planRemediation({ condition: 'down', instance, cause: { kind: 'alarm', id: 'a-1' } }, T0, playbooks);
  if (plan.kind !== 'plan' || down === undefined) throw new Error('test setup');
  return plan.task;
}

function acting(task: RemediationTask): RemediationTask {
  if (down === undefined) throw new Error('test setup');
  const d = nextAction(task, down, { instance, peers: [] }, T0);
  if (d.kind !== 'act') throw new Error(`test setup: ${d.kind}`);
  return recordOutcome(task, d, T0);
}

describe('reading a task', () => {
  it('says what it waits for, what it verifies, and how it ended', () => {
    const task = planned();
    expect(describeTask(task)).toBe('next: restart (attempt 1)');
    expect(describeTask(recordOutcome(task, { kind: 'waiting', reason: 'waiting for blast-radius budget: ...' }, T0))).toBe('waiting for blast-radius budget: ...');
    const verifying = recordOutcome(recordOutcome(acting(task), { kind: 'acted', receipt: { operationId: 'op-1' } }, T0), {
      kind: 'probed',
      probe: { instanceId: 'pg-1', at: at(10).toISOString(), reachable: false, healthy: false },
    }, at(10));
    expect(describeTask(verifying)).toBe('verifying restart (attempt 1), until 2025-03-01T10:03:00.000Z: reachable is false, healthy is false');
  });

  it('tells that remediation started at the first action only, and which attempts just ended', () => {
    const task = planned();
    const first = acting(task);
    expect(startedActing(task, first)).toBe(true);
    const acted = recordOutcome(first, { kind: 'acted', receipt: { operationId: 'op-1' } }, T0);
    const failed = recordOutcome(acted, { kind: 'probed', probe: { instanceId: 'pg-1', at: at(200).toISOString(), reachable: false, healthy: false } }, at(200));
    expect(attemptsEnded(acted, failed)).toEqual([{ at: at(200).toISOString(), ok: false, ref: `${task.id}#0#1` }]);
    expect(attemptsEnded(failed, failed)).toEqual([]);
    expect(startedActing(acted, failed)).toBe(false);
  });
});

describe("the image an advisory's replacement is built from", () => {
  it('comes from the roll condition evidence, and is absent otherwise', () => {
    expect(fixedImageOf('advisory=CVE-1 fixedImage=postgres-16:2024.07.2 wave=0 phase=replicas action=replace')).toEqual({ name: 'postgres-16', version: '2024.07.2' });
    expect(fixedImageOf('advisory=CVE-1 fixedImage=none wave=0')).toBeUndefined();
    expect(fixedImageOf(undefined)).toBeUndefined();
  });
});
