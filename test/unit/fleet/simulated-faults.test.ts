import { describe, expect, it } from 'vitest';
import { InstanceNotFoundError } from '../../../shared/domain/errors.ts';
import { cellReportSchema } from '../../../shared/schemas/heartbeats.ts';
import { reportedIds, smallFleet, testClock } from './fleet-fixture.ts';

describe('SimulatedFleet heartbeats and instance faults', () => {
  it('reports every healthy instance once, grouped by the cell that hosts it', () => {
    const fleet = smallFleet();
    const reports = fleet.heartbeats();
    expect(reports.map((cell) => cell.cellId)).toEqual(['cell-a1', 'cell-b1', 'cell-c1']);
    expect(reports[0]?.instances.map((instance) => instance.id)).toEqual(['pg-1', 'rd-1']);
    expect(reports.every((cell) => cell.at === '2025-03-01T12:00:00.000Z')).toBe(true);
  });

  it('includes disk, connections and, for replicas, replication lag in heartbeat metrics', () => {
    const fleet = smallFleet();
    fleet.fillDisk('pg-1', 93);
    fleet.lagReplica('pg-2', 420);
    const all = fleet.heartbeats().flatMap((cell) => cell.instances);
    expect(all.find((entry) => entry.id === 'pg-1')?.metrics).toMatchObject({ diskPct: 93, connectionsPct: 20 });
    expect(all.find((entry) => entry.id === 'pg-1')?.metrics?.replicationLagSeconds).toBeUndefined();
    expect(all.find((entry) => entry.id === 'pg-2')?.metrics?.replicationLagSeconds).toBe(420);
  });

  it('reports what its agent knows of each instance as facts, from the simulated truth, in a shape the intake accepts', () => {
    const clock = testClock();
    const fleet = smallFleet(clock);
    fleet.add({ id: 'pg-9', service: 'postgres', zone: 'zone-a', cellId: 'cell-a1', tlsEnforced: false, lastBackupAt: '2025-02-01T00:00:00.000Z' });
    clock.advance(60_000);
    fleet.perform({ kind: 'rotate-credentials', instanceId: 'pg-9', idempotencyKey: 'k-1' });
    const [cell] = fleet.heartbeats();
    expect(cell?.instances.find((entry) => entry.id === 'pg-9')?.facts).toEqual({
      backup: { lastSuccessAt: '2025-02-01T00:00:00.000Z' },
      tls: { enforced: false },
      credentials: { rotatedAt: '2025-03-01T12:01:00.000Z' },
      network: { publiclyReachable: false },
    });
    expect(cellReportSchema.safeParse({ type: 'cell-heartbeat', ...cell }).success).toBe(true);
  });

  it('leaves a silenced instance out of its cell report while the cell keeps reporting, and back after resume', () => {
    const fleet = smallFleet();
    fleet.silence('rd-1');
    expect(reportedIds(fleet)).toEqual(['kf-1', 'pg-1', 'pg-2']);
    expect(fleet.probe('rd-1')).toMatchObject({ healthy: true, reachable: false });
    fleet.resume('rd-1');
    expect(reportedIds(fleet)).toContain('rd-1');
  });

  it('still sends a report with no instances for a live cell whose only instance crashed', () => {
    const fleet = smallFleet();
    fleet.crash('kf-1');
    expect(fleet.heartbeats().find((cell) => cell.cellId === 'cell-c1')?.instances).toEqual([]);
    expect(fleet.probe('kf-1')).toMatchObject({ healthy: false, reachable: false });
  });

  it('sends no report at all from a silenced cell', () => {
    const fleet = smallFleet();
    fleet.silenceCell('cell-a1');
    expect(fleet.heartbeats().map((cell) => cell.cellId)).toEqual(['cell-b1', 'cell-c1']);
    fleet.resumeCell('cell-a1');
    expect(fleet.heartbeats()).toHaveLength(3);
  });

  it('takes every instance and cell of a failed zone dark at once, and brings them back when restored', () => {
    const fleet = smallFleet();
    fleet.failZone('zone-a');
    expect(fleet.heartbeats().map((cell) => cell.cellId)).toEqual(['cell-b1', 'cell-c1']);
    expect(fleet.probe('pg-1')).toMatchObject({ healthy: false, reachable: false });
    expect(fleet.probe('rd-1')).toMatchObject({ healthy: false, reachable: false });
    fleet.restoreZone('zone-a');
    expect(reportedIds(fleet)).toEqual(['kf-1', 'pg-1', 'pg-2', 'rd-1']);
  });

  it('flaps an instance down and up every period, starting down', () => {
    const clock = testClock();
    const fleet = smallFleet(clock);
    fleet.flap('rd-1', 30_000);
    const seen: boolean[] = [];
    for (let step = 0; step < 4; step += 1) {
      seen.push(reportedIds(fleet).includes('rd-1'));
      clock.advance(30_000);
    }
    expect(seen).toEqual([false, true, false, true]);
  });

  it('shows saturated connections and full disks in probes without marking the instance unhealthy', () => {
    const fleet = smallFleet();
    fleet.saturateConnections('pg-1');
    fleet.fillDisk('pg-1');
    expect(fleet.probe('pg-1')).toMatchObject({ healthy: true, reachable: true, connectionsPct: 100, diskPct: 97 });
  });

  it('clears every instance fault with heal', () => {
    const clock = testClock();
    const fleet = smallFleet(clock);
    fleet.crash('pg-2');
    fleet.lagReplica('pg-2');
    fleet.flap('pg-2', 1000);
    fleet.heal('pg-2');
    expect(fleet.probe('pg-2')).toMatchObject({ healthy: true, reachable: true, replicationLagSeconds: 0 });
  });

  it('refuses to inject lag into an instance that is not a replica, and faults into unknown instances', () => {
    const fleet = smallFleet();
    expect(() => fleet.lagReplica('pg-1')).toThrow(RangeError);
    expect(() => fleet.crash('nope')).toThrow(InstanceNotFoundError);
  });

  it('produces identical heartbeat metrics for the same seed and different ones for another seed', () => {
    const run = (seed: number) => {
      const fleet = smallFleet(testClock(), seed);
      return [fleet.heartbeats(), fleet.heartbeats(), fleet.heartbeats()];
    };
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });
});
