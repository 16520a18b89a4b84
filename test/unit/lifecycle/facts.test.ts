import { describe, expect, it } from 'vitest';
import { backupsRecent } from '../../../shared/domain/audits/checks/backups.ts';
import { replicationLag } from '../../../shared/domain/audits/checks/replication.ts';
import { applyFacts, hasFacts, probedFacts, reportedObservation } from '../../../shared/domain/facts.ts';
import { cellReportSchema } from '../../../shared/schemas/heartbeats.ts';
import { aContext, ago, anInstance, DAY, HOUR, NOW } from '../audits/fixtures.ts';

const AT = NOW.toISOString();

describe('what a cell report changes on an instance', () => {
  it('maps each reported fact onto the instance field of the same name', () => {
    const observation = reportedObservation({
      id: 'pg-1',
      facts: {
        backup: { lastSuccessAt: ago(HOUR), lastRestoreTestAt: ago(DAY) },
        tls: { enforced: false },
        credentials: { rotatedAt: ago(2 * DAY) },
        network: { publiclyReachable: true },
      },
    }, AT);
    expect(observation).toEqual({
      facts: {
        backup: { lastSuccessAt: ago(HOUR), lastRestoreTestAt: ago(DAY) },
        tls: { enforced: false },
        credentials: { rotatedAt: ago(2 * DAY) },
        network: { publiclyReachable: true },
      },
    });
  });

  it('makes replication.lagSeconds follow the lag reported in the metrics, and keeps the metrics as the snapshot', () => {
    const observation = reportedObservation({ id: 'pg-2', metrics: { cpuPct: 30, replicationLagSeconds: 420 } }, AT);
    expect(observation).toEqual({
      metrics: { at: AT, cpuPct: 30, replicationLagSeconds: 420 },
      facts: { replication: { lagSeconds: 420 } },
    });
  });

  it('writes nothing for an entry that reports neither metrics nor facts', () => {
    expect(reportedObservation({ id: 'pg-3' }, AT)).toBeUndefined();
    expect(reportedObservation({ id: 'pg-3', facts: { backup: {} } }, AT)).toBeUndefined();
  });

  it('stores times in UTC, and never later than the report (an agent whose clock runs ahead)', () => {
    const observation = reportedObservation({
      id: 'pg-4',
      facts: { backup: { lastSuccessAt: '2026-03-04T13:00:00+02:00' }, credentials: { rotatedAt: '2026-03-05T00:00:00Z' } },
    }, AT);
    expect(observation?.facts).toEqual({ backup: { lastSuccessAt: '2026-03-04T11:00:00.000Z' }, credentials: { rotatedAt: AT } });
  });
});

describe('applying facts: each field given is set, every other field is left as it is', () => {
  const before = anInstance({
    backup: { lastSuccessAt: ago(3 * DAY), lastRestoreTestAt: ago(5 * DAY) },
    replication: { lagSeconds: 2, replicaCount: 2 },
  });

  it('keeps the last restore test when only a new backup is reported', () => {
    const after = applyFacts(before, { backup: { lastSuccessAt: ago(HOUR) } });
    expect(after.backup).toEqual({ lastSuccessAt: ago(HOUR), lastRestoreTestAt: ago(5 * DAY) });
  });

  it('keeps the replica count when the lag is reported, and every aspect the update did not name', () => {
    const after = applyFacts(before, { replication: { lagSeconds: 90 } });
    expect(after.replication).toEqual({ lagSeconds: 90, replicaCount: 2 });
    expect({ ...after, replication: before.replication }).toEqual(before);
  });

  it('turns a failing backups.recent into a pass once a fresh backup is reported', () => {
    const stale = anInstance({ backup: { lastSuccessAt: ago(30 * HOUR) } });
    expect(backupsRecent.load({}).evaluate(stale, aContext(), NOW)).toHaveLength(1);
    const { facts } = reportedObservation({ id: stale.id, facts: { backup: { lastSuccessAt: ago(HOUR) } } }, AT) ?? { facts: {} };
    expect(backupsRecent.load({}).evaluate(applyFacts(stale, facts), aContext(), NOW)).toEqual([]);
  });

  it('lets replication.lag see the lag a replica reports', () => {
    const replica = anInstance({ role: { kind: 'replica', cluster: 'c-1' }, replication: { lagSeconds: 0 } });
    const { facts } = reportedObservation({ id: replica.id, metrics: { replicationLagSeconds: 600 } }, AT) ?? { facts: {} };
    const [finding] = replicationLag.load({}).evaluate(applyFacts(replica, facts), aContext(), NOW);
    expect(finding).toMatchObject({ severity: 'high', condition: 'replication-lag', evidence: '600' });
  });
});

describe('facts evidenced by a probe', () => {
  const probe = { instanceId: 'pg-5', at: AT, reachable: true, healthy: true };

  it('carries only the fields the probe reported', () => {
    expect(probedFacts({ ...probe, lastBackupAt: ago(HOUR) })).toEqual({ backup: { lastSuccessAt: ago(HOUR) } });
    expect(probedFacts({ ...probe, tlsEnforced: true, credentialsRotatedAt: ago(HOUR), replicationLagSeconds: 3 })).toEqual({
      tls: { enforced: true },
      credentials: { rotatedAt: ago(HOUR) },
      replication: { lagSeconds: 3 },
    });
  });

  it('has nothing to record for a probe of health alone', () => {
    expect(hasFacts(probedFacts({ ...probe, diskPct: 50, connectionsPct: 10 }))).toBe(false);
  });
});

describe('the cell report schema', () => {
  const report = (facts: unknown) => ({ type: 'cell-heartbeat', cellId: 'cell-1', at: AT, instances: [{ id: 'pg-1', facts }] });
  const issues = (facts: unknown) => {
    const parsed = cellReportSchema.safeParse(report(facts));
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts a partial report: any aspect, any of its fields', () => {
    expect(issues({ backup: { lastRestoreTestAt: '2026-03-01T00:00:00Z' } })).toEqual([]);
    expect(issues({ tls: { enforced: true }, network: { publiclyReachable: false } })).toEqual([]);
  });

  it('rejects a time that is not ISO-8601, naming the field', () => {
    expect(issues({ backup: { lastSuccessAt: 'yesterday' } })).toEqual([expect.stringMatching(/^instances\.0\.facts\.backup\.lastSuccessAt: /)]);
  });

  it('rejects unknown fields, and the lag anywhere but in the metrics', () => {
    expect(issues({ tls: { enforced: true, version: '1.3' } })).toEqual([expect.stringContaining('instances.0.facts.tls: ')]);
    expect(issues({ replication: { lagSeconds: 3 } })).toEqual([expect.stringContaining('"replication"')]);
  });

  it('rejects a fact without its value', () => {
    expect(issues({ credentials: {} })).toEqual([expect.stringMatching(/^instances\.0\.facts\.credentials\.rotatedAt: /)]);
  });
});
