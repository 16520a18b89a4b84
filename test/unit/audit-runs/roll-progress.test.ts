import { describe, expect, it } from 'vitest';
import { decideRollStep, pendingSteps, rollCondition, type RollState } from '../../../shared/domain/audit-runs/roll-progress.ts';
import type { Advisory } from '../../../shared/domain/audits/advisories.ts';
import type { RollWave } from '../../../shared/domain/audits/roll.ts';
import type { Instance } from '../../../shared/domain/instance.ts';
import { anInstance, NOW } from '../audits/fixtures.ts';

const advisory: Advisory = {
  id: 'CVE-2026-0001',
  affects: ['pg-16:<16.4.2'],
  fixedImage: { name: 'pg-16', version: '16.4.2' },
  severity: 'high',
  createdAt: '2026-03-01T00:00:00Z',
};

const wave: RollWave = {
  index: 0,
  phase: 'replicas',
  steps: ['a', 'b', 'c', 'd'].map((id) => ({ instanceId: id, action: 'replace' as const, service: 'postgres' as const, zone: 'z' })),
};

const roll = (overrides: Partial<RollState> = {}): RollState => ({
  status: 'rolling',
  planId: 'p1',
  targetImage: { name: 'pg-16', version: '16.4.2' },
  instances: 8,
  totalWaves: 2,
  currentWave: 0,
  raisedWave: -1,
  startedAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  ...overrides,
});

const vulnerable = (id: string, overrides: Partial<Instance> = {}) => anInstance({ id, image: { name: 'pg-16', version: '16.4.1' }, ...overrides });

describe('an image roll', () => {
  it('waits for instances still on an affected image, and not for fixed, retired or deleted ones', () => {
    const instances = new Map([
      ['a', vulnerable('a')],
      ['b', vulnerable('b', { image: { name: 'pg-16', version: '16.4.2' } })],
      ['c', vulnerable('c', { state: 'retired' })],
    ]);
    expect(pendingSteps(wave, instances, advisory).map((s) => s.instanceId)).toEqual(['a']);
  });

  it('raises a wave that has not started, then waits for it', () => {
    const pending = wave.steps.slice(0, 2);
    expect(decideRollStep(roll(), pending)).toEqual({ kind: 'raise', steps: pending });
    expect(decideRollStep(roll({ raisedWave: 0 }), pending)).toEqual({ kind: 'wait', pending });
  });

  it('moves to the next wave once the current one is fixed, and finishes after the last', () => {
    expect(decideRollStep(roll({ raisedWave: 0 }), [])).toEqual({ kind: 'advance', to: 1 });
    expect(decideRollStep(roll({ currentWave: 1, raisedWave: 1 }), [])).toEqual({ kind: 'finish' });
  });

  it('raises vulnerable-image with the advisory and the fixed image, inside the maintenance window unless critical', () => {
    const step = wave.steps[0];
    if (step === undefined) throw new Error('no step');
    const high = rollCondition(advisory, wave, step, anInstance(), NOW);
    expect(high).toMatchObject({ condition: 'vulnerable-image', urgent: false, record: { source: 'advisory:CVE-2026-0001', notBefore: '2026-03-08T03:00:00.000Z' } });
    expect(high.record.evidence).toBe('advisory=CVE-2026-0001 fixedImage=pg-16:16.4.2 wave=0 phase=replicas action=replace');
    const critical = rollCondition({ ...advisory, severity: 'critical' }, wave, step, anInstance(), NOW);
    expect(critical.urgent).toBe(true);
    expect(critical.record.notBefore).toBeUndefined();
  });
});
