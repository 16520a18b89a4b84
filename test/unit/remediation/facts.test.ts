/**
 * Facts evidenced by remediation: the probe that verifies a step is recorded on the instance, so the audit that
 * raised the condition passes next time. A probe that does not verify records nothing.
 */
import { describe, expect, it } from 'vitest';
import { toInstanceSpec, type SimulatedInstanceSpec } from '../../../sim/index.ts';
import { backupsRecent } from '../../../shared/domain/audits/checks/backups.ts';
import { DEFAULT_PLANS } from '../../../shared/domain/audits/plans.ts';
import { planFromCondition } from '../../../shared/usecases/remediation/plan.ts';
import { runRemediation } from '../../../shared/usecases/remediation/worker.ts';
import { recordTransition, registerInstance } from '../../../shared/usecases/ledger.ts';
import { system } from '../../support/factories.ts';
import { harness, raise, type Harness } from './harness.ts';

const STALE = '2026-11-01T00:00:00.000Z';
const RESTORE_TESTED = '2026-11-10T00:00:00.000Z';
let runs = 0;
const run = (h: Harness, taskId: string) =>
  runRemediation(h.deps, taskId, { token: `facts-${(runs += 1)}`, leaseMs: 60_000, stopStartingAt: Date.now() + 30_000, finalDelivery: false });

/** In the fleet and in the ledger, registered with what the simulator knows (a stale backup) and a restore test. */
async function withStaleBackup(h: Harness, spec: SimulatedInstanceSpec): Promise<void> {
  const registration = toInstanceSpec(h.fleet.add({ lastBackupAt: STALE, ...spec }));
  const backup = { ...registration.backup, lastRestoreTestAt: RESTORE_TESTED };
  await registerInstance(h.deps, { ...registration, backup }, { actor: system, reason: 'created', cause: { kind: 'created', id: spec.id } });
  await recordTransition(h.deps, spec.id, 'available', { actor: system, reason: 'ready', cause: { kind: 'ready', id: spec.id } });
}

async function plannedBackup(h: Harness, id: string): Promise<string> {
  const plan = await planFromCondition(h.deps, await raise(h, id, 'backup-stale', 'audit:run-1'));
  if (!('taskId' in plan)) throw new Error(`test setup: ${plan.reason}`);
  return plan.taskId;
}

const backupsRecentFindings = async (h: Harness, id: string) =>
  backupsRecent.load({}).evaluate(await h.store.get(id), { plans: DEFAULT_PLANS, advisories: [], clusters: new Map() }, h.clock.read());

describe('a verified take-backup', () => {
  it('records the new backup time on the instance, keeps its restore test, and the next audit passes backups.recent', async () => {
    const h = await harness();
    await withStaleBackup(h, { id: 'pg-facts-1', service: 'postgres', zone: 'us-east-1a', cellId: 'cell-1' });
    expect(await backupsRecentFindings(h, 'pg-facts-1')).toHaveLength(1);

    expect(await run(h, await plannedBackup(h, 'pg-facts-1'))).toMatchObject({ outcome: 'ended', status: 'succeeded' });

    const taken = h.fleet.instance('pg-facts-1').lastBackupAt;
    expect(taken).not.toBe(STALE);
    const instance = await h.store.get('pg-facts-1');
    expect(instance.backup).toEqual({ lastSuccessAt: taken, lastRestoreTestAt: RESTORE_TESTED });
    expect(instance.tls).toEqual({ enforced: true });
    expect(await backupsRecentFindings(h, 'pg-facts-1')).toEqual([]);
  });

  it('records nothing while the backup is not verified, and nothing when it never is', async () => {
    const h = await harness();
    await withStaleBackup(h, { id: 'pg-facts-2', service: 'postgres', zone: 'us-east-1a', cellId: 'cell-1', tlsEnforced: false });
    h.fleet.injectActionFault({ kind: 'take-backup', mode: 'no-effect' });
    const taskId = await plannedBackup(h, 'pg-facts-2');

    expect(await run(h, taskId)).toMatchObject({ outcome: 'continue', status: 'verifying' });
    h.clock.advance(3601);
    await run(h, taskId);
    const { task } = (await h.deps.tasks.find(taskId)) ?? {};
    expect(task?.attempts[0]).toMatchObject({ step: 'take-backup', outcome: 'failed' });

    const instance = await h.store.get('pg-facts-2');
    expect(instance.backup).toEqual({ lastSuccessAt: STALE, lastRestoreTestAt: RESTORE_TESTED });
    expect(instance.tls).toEqual({ enforced: false }); // the probes said so too, but verified nothing
  });
});
