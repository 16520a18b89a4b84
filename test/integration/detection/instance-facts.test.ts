/**
 * Facts reported by the fleet: a cell report's `facts` reach the instance items when they arrive, replica lag and
 * metrics on the snapshot cadence, in one write per instance, merged field by field; and the next audit judges
 * what was reported.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyFacts, reportedObservation } from '../../../shared/domain/facts.ts';
import type { NewInstance } from '../../../shared/domain/lifecycle.ts';
import { cellReportSchema, type CellReport } from '../../../shared/schemas/heartbeats.ts';
import { auditShard } from '../../../shared/usecases/audits/audit-shard.ts';
import { startAuditRun } from '../../../shared/usecases/audits/start-run.ts';
import { recordCellReport } from '../../../shared/usecases/heartbeats.ts';
import { recordTransition, registerInstance } from '../../../shared/usecases/ledger.ts';
import { detectionTestDeps, SettableClock } from '../../support/deps.ts';
import { anInstanceSpec, system } from '../../support/factories.ts';
import { freshStack, type TestStack } from '../../support/stack.ts';
import { auditHarness, type Harness } from '../audits/deps.ts';

const T0 = '2026-03-01T12:00:00.000Z';
const HOUR = 3_600_000;
const at = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR).toISOString();

let stack: TestStack;
let clock: SettableClock;
let ctx: ReturnType<typeof detectionTestDeps>;

beforeAll(async () => {
  stack = await freshStack();
});

beforeEach(() => {
  clock = new SettableClock(new Date(T0));
  ctx = detectionTestDeps(stack, clock);
});

async function available(overrides: Partial<NewInstance>): Promise<string> {
  const spec = anInstanceSpec({ cellId: `cell-${Math.random().toString(36).slice(2, 8)}`, ...overrides });
  await registerInstance(ctx.deps, spec, { actor: system, reason: 'created', cause: { kind: 'created', id: spec.id } });
  await recordTransition(ctx.deps, spec.id, 'available', { actor: system, reason: 'ready', cause: { kind: 'ready', id: spec.id } });
  return spec.id;
}

/** A report as the heartbeat function receives it: parsed at the edge. */
const report = (cellId: string, instances: unknown[]): CellReport =>
  cellReportSchema.parse({ type: 'cell-heartbeat', cellId, at: clock.read().toISOString(), instances });

function countRequests(): { sent: string[]; stop(): void } {
  const sent: string[] = [];
  const name = `count-${Math.random()}`;
  stack.doc.middlewareStack.add((next, context) => async (args) => {
    sent.push(String(context.commandName));
    return next(args);
  }, { step: 'initialize', name });
  return { sent, stop: () => stack.doc.middlewareStack.remove(name) };
}

describe('facts in a cell report', () => {
  it('updates backup, replication, TLS and credentials, and leaves every field the report did not mention', async () => {
    const id = await available({
      role: { kind: 'replica', cluster: 'c-1' },
      backup: { lastSuccessAt: at(T0, -30), lastRestoreTestAt: at(T0, -100) },
      replication: { lagSeconds: 0, replicaCount: 0 },
      tls: { enforced: false },
      credentials: { rotatedAt: at(T0, -2000) },
      network: { publiclyReachable: false },
      tags: { team: 'orders' },
    });
    const before = await stack.store.get(id);
    const entry = {
      id,
      metrics: { cpuPct: 31, replicationLagSeconds: 45 },
      facts: { backup: { lastSuccessAt: at(T0, -1) }, tls: { enforced: true }, credentials: { rotatedAt: at(T0, -2) } },
    };
    await recordCellReport(ctx.deps, report(before.cellId, [entry]));

    const after = await stack.store.get(id);
    expect(after.backup).toEqual({ lastSuccessAt: at(T0, -1), lastRestoreTestAt: at(T0, -100) });
    expect(after.replication).toEqual({ lagSeconds: 45, replicaCount: 0 });
    expect(after.tls).toEqual({ enforced: true });
    expect(after.credentials).toEqual({ rotatedAt: at(T0, -2) });
    expect(after.network).toEqual({ publiclyReachable: false });
    expect(after.metrics).toEqual({ at: T0, cpuPct: 31, replicationLagSeconds: 45 });
    // Nothing else moved: the stored instance is the domain's rule applied to what was there.
    const { facts } = reportedObservation(entry, T0) ?? { facts: {} };
    expect({ ...after, metrics: undefined }).toEqual({ ...applyFacts(before, facts), metrics: undefined });
  });

  it('creates an aspect the instance was registered without, then updates inside it', async () => {
    const id = await available({ role: { kind: 'replica', cluster: 'c-2' } });
    const cellId = (await stack.store.get(id)).cellId;
    await recordCellReport(ctx.deps, report(cellId, [{ id, facts: { backup: { lastRestoreTestAt: at(T0, -5) } } }]));
    expect((await stack.store.get(id)).backup).toEqual({ lastRestoreTestAt: at(T0, -5) });
    expect((await stack.store.get(id)).metrics).toBeUndefined();

    clock.advance(3600);
    await recordCellReport(ctx.deps, report(cellId, [{ id, facts: { backup: { lastSuccessAt: at(T0, 0.5) } } }]));
    expect((await stack.store.get(id)).backup).toEqual({ lastSuccessAt: at(T0, 0.5), lastRestoreTestAt: at(T0, -5) });
  });

  it('writes facts when they arrive and metrics only when a snapshot is due, one write per instance either way', async () => {
    const ids = [
      await available({ backup: { lastSuccessAt: at(T0, -30) }, cellId: 'cell-cadence' }),
      await available({ backup: { lastSuccessAt: at(T0, -30) }, cellId: 'cell-cadence' }),
    ];
    const [first = '', second = ''] = ids;
    const entries = (backupAt: string) => ids.map((id) => ({ id, metrics: { cpuPct: 10 }, facts: { backup: { lastSuccessAt: backupAt }, tls: { enforced: true } } }));
    await recordCellReport(ctx.deps, report('cell-cadence', entries(at(T0, -20))));

    clock.advance(60); // within the snapshot interval (3600 s in these deps): agents send facts only when they change
    const quiet = countRequests();
    await recordCellReport(ctx.deps, report('cell-cadence', ids.map((id) => ({ id, metrics: { cpuPct: 50 } }))));
    quiet.stop();
    expect(quiet.sent).toEqual(['UpdateItemCommand']); // the cell's own write only
    expect((await stack.store.get(first)).metrics?.cpuPct).toBe(10);

    clock.advance(60); // a backup completed on the first instance: its facts arrive and are written at once
    const changed = countRequests();
    await recordCellReport(ctx.deps, report('cell-cadence', [
      { id: first, metrics: { cpuPct: 50 }, facts: { backup: { lastSuccessAt: at(T0, 0) } } },
      { id: second, metrics: { cpuPct: 50 } },
    ]));
    changed.stop();
    expect(changed.sent).toEqual(['UpdateItemCommand', 'UpdateItemCommand']); // the cell, and the first instance
    expect((await stack.store.get(first)).backup?.lastSuccessAt).toBe(at(T0, 0));
    expect((await stack.store.get(first)).metrics?.cpuPct).toBe(10); // metrics still wait for their snapshot
    expect((await stack.store.get(second)).backup?.lastSuccessAt).toBe(at(T0, -20));

    clock.advance(3600);
    const due = countRequests();
    await recordCellReport(ctx.deps, report('cell-cadence', entries(at(T0, 1))));
    due.stop();
    // The cell's report, one write per instance (metrics and facts together), the cell's snapshot time.
    expect(due.sent).toEqual(['UpdateItemCommand', 'UpdateItemCommand', 'UpdateItemCommand', 'UpdateItemCommand']);
    for (const id of ids) expect(await stack.store.get(id)).toMatchObject({ backup: { lastSuccessAt: at(T0, 1) }, metrics: { cpuPct: 10 } });
  });

  it('skips an instance that is not registered, and still records the rest', async () => {
    const id = await available({ cellId: 'cell-unknown' });
    const out = await recordCellReport(ctx.deps, report('cell-unknown', [
      { id: 'pg-nobody', facts: { tls: { enforced: true } } },
      { id, facts: { tls: { enforced: true } } },
    ]));
    expect(out.unknown).toEqual(['pg-nobody']);
    expect((await stack.store.get(id)).tls).toEqual({ enforced: true });
  });
});

describe('the audit after a report', () => {
  let audits: Harness;
  const AUDIT_AT = at(T0, 72);
  let runs = 0;

  beforeAll(() => {
    audits = auditHarness(stack, { AUDIT_SEGMENTS: '1' }, AUDIT_AT);
  });

  async function findingsOf(id: string): Promise<string[]> {
    const { run } = await startAuditRun(audits.deps, { trigger: 'engineer', requestedBy: 'test', causeId: `run-${(runs += 1)}`, at: new Date(AUDIT_AT) });
    await auditShard(audits.deps, { runId: run.runId, segment: 0, totalSegments: 1 });
    const findings = await audits.deps.findings.list(run.runId, 1, 10_000);
    return findings.filter((f) => f.instanceId === id).map((f) => f.check);
  }

  it('passes backups.recent once the agent reports the backup it took, and sees the lag a replica reports', async () => {
    const id = await available({ role: { kind: 'replica', cluster: 'c-audit' }, backup: { lastSuccessAt: T0 }, replication: { lagSeconds: 0 } });
    const cellId = (await stack.store.get(id)).cellId;
    expect(await findingsOf(id)).toContain('backups.recent');
    expect(await findingsOf(id)).not.toContain('replication.lag');

    clock.set(at(AUDIT_AT, -0.5));
    await recordCellReport(ctx.deps, report(cellId, [{ id, metrics: { replicationLagSeconds: 600 }, facts: { backup: { lastSuccessAt: at(AUDIT_AT, -2) } } }]));
    const after = await findingsOf(id);
    expect(after).not.toContain('backups.recent');
    expect(after).toContain('replication.lag');
  });
});
