import { describe, expect, it } from 'vitest';
import { FleetActionRejectedError, FleetUnavailableError } from '../../../shared/adapters/fleet/errors.ts';
import type { FleetAction, FleetActionKind } from '../../../shared/domain/fleet.ts';
import { reportedIds, smallFleet, testClock } from './fleet-fixture.ts';

let sequence = 0;
function act(kind: FleetActionKind, instanceId: string, params?: FleetAction['params']): FleetAction {
  sequence += 1;
  return { kind, instanceId, idempotencyKey: `task-${sequence}`, ...(params === undefined ? {} : { params }) };
}

describe('SimulatedFleet actions', () => {
  it('heals a crashed instance with a restart', () => {
    const fleet = smallFleet();
    fleet.crash('rd-1');
    fleet.perform(act('restart', 'rd-1'));
    expect(fleet.probe('rd-1')).toMatchObject({ healthy: true, reachable: true });
    expect(reportedIds(fleet)).toContain('rd-1');
  });

  it('acts exactly once for one idempotency key, answering replays with the first receipt', () => {
    const fleet = smallFleet();
    const action = act('replace', 'kf-1');
    const first = fleet.perform(action);
    const second = fleet.perform(action);
    expect(second).toEqual(first);
    expect(fleet.actionsPerformed({ idempotencyKey: action.idempotencyKey })).toBe(1);
    expect(fleet.instances().filter((instance) => instance.service === 'kafka' && instance.running)).toHaveLength(1);
  });

  it('rejects a key reused for a different action', () => {
    const fleet = smallFleet();
    fleet.perform({ kind: 'restart', instanceId: 'rd-1', idempotencyKey: 'k-1' });
    expect(() => fleet.perform({ kind: 'restart', instanceId: 'kf-1', idempotencyKey: 'k-1' })).toThrow(
      expect.objectContaining({ status: 409 }),
    );
  });

  it('replaces an instance with a new one from the current image in the same cluster and zone, and stops the old one', () => {
    const fleet = smallFleet();
    fleet.setCurrentImage('postgres', { name: 'postgres-16', version: '2025.02.3' });
    const receipt = fleet.perform(act('replace', 'pg-2'));
    const fresh = fleet.instance(receipt.newInstanceId ?? '');
    expect(fresh).toMatchObject({ zone: 'zone-b', cellId: 'cell-b1', role: { kind: 'replica', cluster: 'pg' } });
    expect(fresh.image.version).toBe('2025.02.3');
    expect(fleet.instance('pg-2')).toMatchObject({ running: false, replacedBy: fresh.id });
    expect(reportedIds(fleet)).toEqual(['kf-1', 'pg-1', 'rd-1', fresh.id].sort());
  });

  it('replaces from the image the playbook names as name@version, and refuses a malformed one', () => {
    const fleet = smallFleet();
    const receipt = fleet.perform(act('replace', 'rd-1', { image: 'redis-7@2025.03.1' }));
    expect(fleet.instance(receipt.newInstanceId ?? '').image).toEqual({ name: 'redis-7', version: '2025.03.1' });
    expect(() => fleet.perform(act('replace', 'kf-1', { image: 'kafka-3' }))).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('replaces into another zone when asked, even while the old zone is down', () => {
    const fleet = smallFleet();
    fleet.failZone('zone-a');
    expect(() => fleet.perform(act('replace', 'rd-1'))).toThrow(FleetUnavailableError);
    const receipt = fleet.perform(act('replace', 'rd-1', { zone: 'zone-b' }));
    expect(fleet.instance(receipt.newInstanceId ?? '')).toMatchObject({ zone: 'zone-b', cellId: 'cell-b1' });
    expect(fleet.probe(receipt.newInstanceId ?? '').healthy).toBe(true);
  });

  it('fails over to the replica and fences the old primary, even when the primary zone is down', () => {
    const fleet = smallFleet();
    fleet.failZone('zone-a');
    const receipt = fleet.perform(act('failover', 'pg-1'));
    expect(receipt.newInstanceId).toBe('pg-2');
    expect(fleet.instance('pg-2').role).toEqual({ kind: 'primary', cluster: 'pg' });
    expect(fleet.instance('pg-1')).toMatchObject({ role: { kind: 'replica', cluster: 'pg' }, fenced: true });
  });

  it('promotes the replica the playbook chose when it names one', () => {
    const fleet = smallFleet();
    fleet.add({ id: 'pg-3', service: 'postgres', zone: 'zone-c', cellId: 'cell-c1', role: { kind: 'replica', cluster: 'pg' }, lagSeconds: 9 });
    expect(fleet.perform(act('failover', 'pg-1', { promote: 'pg-3', fenceFirst: true })).newInstanceId).toBe('pg-3');
    expect(fleet.instance('pg-2').role.kind).toBe('replica');
    expect(() => fleet.perform(act('failover', 'pg-3', { promote: 'rd-1' }))).toThrow(expect.objectContaining({ status: 409 }));
  });

  it('refuses a failover with no healthy replica to promote', () => {
    const fleet = smallFleet();
    fleet.crash('pg-2');
    expect(() => fleet.perform(act('failover', 'pg-1'))).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => fleet.perform(act('failover', 'rd-1'))).toThrow(FleetActionRejectedError);
    expect(fleet.actionsPerformed()).toBe(0);
  });

  it('rebuilds a lagging or fenced replica back into sync', () => {
    const fleet = smallFleet();
    fleet.perform(act('failover', 'pg-1'));
    fleet.perform(act('rebuild-replica', 'pg-1'));
    expect(fleet.probe('pg-1')).toMatchObject({ healthy: true, replicationLagSeconds: 0 });
    expect(() => fleet.perform(act('rebuild-replica', 'kf-1'))).toThrow(expect.objectContaining({ status: 409 }));
  });

  it('grows storage so that the same data fills less of the disk', () => {
    const fleet = smallFleet();
    fleet.fillDisk('pg-1', 96);
    fleet.perform(act('grow-storage', 'pg-1', { sizeGb: 200 }));
    expect(fleet.instance('pg-1')).toMatchObject({ storageGb: 200, diskPct: 48 });
    expect(() => fleet.perform(act('grow-storage', 'pg-1', { sizeGb: 100 }))).toThrow(expect.objectContaining({ status: 400 }));
    fleet.perform(act('grow-storage', 'pg-1', { growByPct: 25 }));
    expect(fleet.probe('pg-1')).toMatchObject({ diskPct: 38.4 });
    expect(fleet.instance('pg-1').storageGb).toBe(250);
  });

  it('records a backup, a credential rotation and TLS enforcement at the time they ran', () => {
    const clock = testClock();
    const fleet = smallFleet(clock);
    fleet.add({ id: 'pg-9', service: 'postgres', zone: 'zone-a', cellId: 'cell-a1', tlsEnforced: false });
    clock.advance(60_000);
    for (const kind of ['take-backup', 'rotate-credentials', 'enforce-tls'] as const) fleet.perform(act(kind, 'pg-9'));
    expect(fleet.probe('pg-9')).toMatchObject({
      lastBackupAt: '2025-03-01T12:01:00.000Z',
      credentialsRotatedAt: '2025-03-01T12:01:00.000Z',
      tlsEnforced: true,
    });
  });

  it('does not back up an unhealthy instance', () => {
    const fleet = smallFleet();
    fleet.crash('kf-1');
    expect(() => fleet.perform(act('take-backup', 'kf-1'))).toThrow(expect.objectContaining({ status: 409 }));
  });

  it('refuses actions on unknown or stopped instances', () => {
    const fleet = smallFleet();
    expect(() => fleet.perform(act('restart', 'ghost'))).toThrow(expect.objectContaining({ status: 404 }));
    fleet.perform(act('replace', 'kf-1'));
    expect(() => fleet.perform(act('restart', 'kf-1'))).toThrow(expect.objectContaining({ status: 409 }));
  });

  it('does not restart instances in a failed zone', () => {
    const fleet = smallFleet();
    fleet.failZone('zone-c');
    expect(() => fleet.perform(act('restart', 'kf-1'))).toThrow(expect.objectContaining({ reason: 'server-error' }));
  });
});

describe('SimulatedFleet action faults', () => {
  it('reports success for a no-effect restart but leaves the instance down, so verification catches it', () => {
    const fleet = smallFleet();
    fleet.crash('rd-1');
    fleet.injectActionFault({ kind: 'restart', mode: 'no-effect', times: 1 });
    expect(fleet.perform(act('restart', 'rd-1')).operationId).toMatch(/^op-/);
    expect(fleet.probe('rd-1').healthy).toBe(false);
    expect(fleet.actionLog()[0]).toMatchObject({ kind: 'restart', effective: false });
    fleet.perform(act('restart', 'rd-1'));
    expect(fleet.probe('rd-1').healthy).toBe(true);
  });

  it('brings up a broken instance on a no-effect replace', () => {
    const fleet = smallFleet();
    fleet.injectActionFault({ kind: 'replace', mode: 'no-effect' });
    const receipt = fleet.perform(act('replace', 'kf-1'));
    expect(fleet.probe(receipt.newInstanceId ?? '')).toMatchObject({ healthy: false, reachable: false });
  });

  it('fails matching actions as often as asked, then acts normally', () => {
    const fleet = smallFleet();
    fleet.injectActionFault({ instanceId: 'rd-1', mode: 'fail', times: 2 });
    const action = act('restart', 'rd-1');
    expect(() => fleet.perform(action)).toThrow(expect.objectContaining({ status: 422 }));
    expect(() => fleet.perform(action)).toThrow(FleetActionRejectedError);
    fleet.perform(act('restart', 'kf-1'));
    fleet.perform(action);
    expect(fleet.actionsPerformed({ instanceId: 'rd-1' })).toBe(1);
    expect(fleet.actionsPerformed()).toBe(2);
  });

  it('times out without acting, so that a retry with the same key acts once', () => {
    const fleet = smallFleet();
    fleet.crash('rd-1');
    fleet.injectActionFault({ kind: 'restart', mode: 'timeout', times: 1 });
    const action = act('restart', 'rd-1');
    expect(() => fleet.perform(action)).toThrow(expect.objectContaining({ reason: 'timeout' }));
    expect(fleet.probe('rd-1').healthy).toBe(false);
    fleet.perform(action);
    fleet.perform(action);
    expect(fleet.actionsPerformed({ kind: 'restart' })).toBe(1);
  });

  it('keeps a fault without a count until it is cleared', () => {
    const fleet = smallFleet();
    fleet.injectActionFault({ kind: 'enforce-tls', mode: 'fail' });
    for (let attempt = 0; attempt < 3; attempt += 1) expect(() => fleet.perform(act('enforce-tls', 'pg-1'))).toThrow();
    fleet.clearActionFaults();
    expect(fleet.perform(act('enforce-tls', 'pg-1')).operationId).toBeDefined();
  });

  it('does not cure flapping with a restart, but does with a replace', () => {
    const clock = testClock();
    const fleet = smallFleet(clock);
    fleet.flap('rd-1', 10_000);
    fleet.perform(act('restart', 'rd-1'));
    expect(fleet.probe('rd-1').healthy).toBe(false);
    const receipt = fleet.perform(act('replace', 'rd-1'));
    for (let step = 0; step < 3; step += 1, clock.advance(10_000)) {
      expect(fleet.probe(receipt.newInstanceId ?? '').healthy).toBe(true);
    }
  });
});

describe('SimulatedFleet cell reports', () => {
  const factsOf = (fleet: ReturnType<typeof smallFleet>, id: string) =>
    fleet.heartbeats().flatMap((report) => report.instances).find((entry) => entry.id === id)?.facts;

  it('carry an instance\'s facts when its agent starts and when they change, as agents report them, not every time', () => {
    const clock = testClock();
    const fleet = smallFleet(clock);
    expect(factsOf(fleet, 'rd-1')).toMatchObject({ tls: { enforced: true } });
    expect(factsOf(fleet, 'rd-1')).toBeUndefined();
    clock.advance(60_000);
    fleet.perform(act('take-backup', 'rd-1'));
    expect(factsOf(fleet, 'rd-1')?.backup?.lastSuccessAt).toBe(fleet.probe('rd-1').lastBackupAt);
    expect(factsOf(fleet, 'rd-1')).toBeUndefined();
  });
});
