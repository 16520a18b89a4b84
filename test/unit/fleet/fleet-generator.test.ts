import { describe, expect, it } from 'vitest';
import { generateFleet } from '../../../sim/fleet-generator.ts';
import { toInstanceSpec } from '../../../sim/simulated-instance.ts';
import { register } from '../../../shared/domain/lifecycle.ts';
import { testClock } from './fleet-fixture.ts';

describe('generateFleet', () => {
  it('builds the same fleet from the same seed and a different one from another', () => {
    const clock = testClock();
    const shape = { now: clock.now, clusters: 30 };
    expect(generateFleet({ ...shape, seed: 3 }).instances()).toEqual(generateFleet({ ...shape, seed: 3 }).instances());
    expect(generateFleet({ ...shape, seed: 3 }).instances()).not.toEqual(generateFleet({ ...shape, seed: 4 }).instances());
  });

  it('puts each primary and its replica in different zones, all healthy', () => {
    const fleet = generateFleet({ now: testClock().now, clusters: 12 });
    const clustered = fleet.instances().filter((instance) => instance.role.cluster !== undefined);
    for (const cluster of new Set(clustered.map((instance) => instance.role.cluster))) {
      const members = clustered.filter((instance) => instance.role.cluster === cluster);
      expect(new Set(members.map((member) => member.zone)).size).toBe(members.length);
    }
    expect(fleet.instances()).toHaveLength(12 + 8);
    expect(fleet.instances().every((instance) => fleet.probe(instance.id).healthy)).toBe(true);
  });

  it('drifts roughly the requested share of instances out of compliance', () => {
    const fleet = generateFleet({ now: testClock().now, clusters: 300, driftRatio: 0.2 });
    const staleBackups = fleet.instances().filter((instance) => (instance.lastBackupAt ?? '') < '2025-02-27T12:00:00.000Z');
    expect(staleBackups.length / fleet.instances().length).toBeGreaterThan(0.1);
    expect(staleBackups.length / fleet.instances().length).toBeLessThan(0.3);
  });

  it('makes some replicas lag their primaries, and only replicas', () => {
    const fleet = generateFleet({ now: testClock().now, clusters: 300 });
    const lagging = fleet.instances().filter((instance) => instance.lagSeconds > 0);
    const replicas = fleet.instances().filter((instance) => instance.role.kind === 'replica');
    expect(lagging.every((instance) => instance.role.kind === 'replica' && instance.lagSeconds >= 45)).toBe(true);
    expect(lagging.length / replicas.length).toBeGreaterThan(0.03);
    expect(lagging.length / replicas.length).toBeLessThan(0.2);
  });

  it('maps a simulated instance to a ledger registration the domain accepts', () => {
    const clock = testClock();
    const [first] = generateFleet({ now: clock.now, clusters: 1 }).instances();
    if (first === undefined) throw new Error('empty fleet');
    const spec = toInstanceSpec(first);
    const { instance } = register(spec, { actor: { kind: 'system', id: 'local' }, reason: 'seed', cause: { kind: 'seed', id: '1' } }, clock.now());
    expect(instance).toMatchObject({ id: first.id, zone: first.zone, cellId: first.cellId, state: 'installing', tls: { enforced: first.tlsEnforced } });
    expect(instance.replication).toEqual({ lagSeconds: 0 });
  });
});
