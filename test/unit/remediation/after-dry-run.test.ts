import { describe, expect, it } from 'vitest';
import { remediationTaskId } from '../../../shared/domain/playbooks/plan.ts';
import { afterDryRunCause, dueAfterDryRun, type DryRunEnded } from '../../../shared/domain/remediation/after-dry-run.ts';

const ended = (taskId: string, playbook: string): DryRunEnded => ({
  taskId, instanceId: 'pg-1', condition: playbook, playbook, raisedAt: '2026-11-22T10:00:00.000Z', endedAt: '2026-11-22T10:00:05.000Z',
});

describe('conditions dry run left standing', () => {
  it('are due once dry run is no longer in force for their playbook, and not before', () => {
    const all = [ended('rt-a', 'down'), ended('rt-b', 'disk-full')];
    expect(dueAfterDryRun(all, { global: true, playbooks: [] })).toEqual([]);
    expect(dueAfterDryRun(all, { global: false, playbooks: ['disk-full'] }).map((e) => e.taskId)).toEqual(['rt-a']);
    expect(dueAfterDryRun(all, { global: false, playbooks: [] }).map((e) => e.taskId)).toEqual(['rt-a', 'rt-b']);
  });

  it('are planned as a task of their own, the same one however often it is planned', () => {
    const raise = { kind: 'condition', id: 'pg-1#down#2026-11-22T10:00:00.000Z' };
    const afresh = afterDryRunCause('pg-1', 'down', '2026-11-22T10:00:00.000Z');
    expect(remediationTaskId('pg-1', 'down', afresh)).not.toBe(remediationTaskId('pg-1', 'down', raise));
    expect(remediationTaskId('pg-1', 'down', afresh)).toBe(remediationTaskId('pg-1', 'down', afterDryRunCause('pg-1', 'down', '2026-11-22T10:00:00.000Z')));
  });
});
