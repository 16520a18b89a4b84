import { describe, expect, it } from 'vitest';
import { parseAdvisory } from '../../../shared/domain/audits/advisories.ts';
import { planImageRoll, type RollCandidate } from '../../../shared/domain/audits/roll.ts';

const cve = parseAdvisory({
  id: 'CVE-2026-1234',
  affects: ['pg-16:<16.4.2'],
  fixedImage: { name: 'pg-16', version: '16.4.2' },
  severity: 'critical',
  createdAt: '2026-03-01T00:00:00Z',
});

const primary = (id: string, cluster: string, zone = 'a'): RollCandidate => ({
  id,
  service: 'postgres',
  zone,
  role: { kind: 'primary', cluster },
});
const replica = (id: string, cluster: string, zone = 'b'): RollCandidate => ({
  id,
  service: 'postgres',
  zone,
  role: { kind: 'replica', cluster },
});
const standalone = (id: string, zone = 'a'): RollCandidate => ({
  id,
  service: 'postgres',
  zone,
  role: { kind: 'standalone' },
});

describe('planImageRoll', () => {
  it('replaces replicas, then fails primaries over, then replaces them, then standalones', () => {
    const plan = planImageRoll(cve, [standalone('s1'), primary('p1', 'c1'), replica('r1', 'c1')], { maxPerWave: 10 });
    expect(plan.targetImage).toEqual({ name: 'pg-16', version: '16.4.2' });
    expect(plan.instances).toBe(3);
    expect(plan.waves.map((w) => [w.index, w.phase, w.steps.map((s) => `${s.action} ${s.instanceId}`)])).toEqual([
      [0, 'replicas', ['replace r1']],
      [1, 'primaries-failover', ['failover p1']],
      [2, 'primaries-replace', ['replace p1']],
      [3, 'standalones', ['replace s1']],
    ]);
  });

  it('never puts more than maxPerWave steps in a wave, and rolls each instance exactly once per action', () => {
    const affected = Array.from({ length: 23 }, (_, i) => standalone(`s${String(i).padStart(2, '0')}`));
    const plan = planImageRoll(cve, affected, { maxPerWave: 5 });
    expect(plan.waves.map((w) => w.steps.length)).toEqual([5, 5, 5, 5, 3]);
    const rolled = plan.waves.flatMap((w) => w.steps.map((s) => s.instanceId));
    expect(rolled.sort()).toEqual(affected.map((a) => a.id).sort());
  });

  it('never replaces two members of one cluster in the same wave', () => {
    const affected = [replica('r1', 'c1'), replica('r2', 'c1'), replica('r3', 'c2'), replica('r4', 'c2')];
    const plan = planImageRoll(cve, affected, { maxPerWave: 10 });
    expect(plan.waves.map((w) => w.steps.map((s) => s.instanceId))).toEqual([
      ['r1', 'r3'],
      ['r2', 'r4'],
    ]);
  });

  it('bounds each zone per wave when asked', () => {
    const affected = [standalone('s1', 'a'), standalone('s2', 'a'), standalone('s3', 'b'), standalone('s4', 'a')];
    const plan = planImageRoll(cve, affected, { maxPerWave: 3, maxPerZonePerWave: 1 });
    for (const wave of plan.waves) {
      const zones = wave.steps.map((s) => s.zone);
      expect(new Set(zones).size).toBe(zones.length);
    }
    expect(plan.waves).toHaveLength(3);
  });

  it('rolls a candidate delivered twice only once', () => {
    const plan = planImageRoll(cve, [standalone('s1'), standalone('s1')], { maxPerWave: 5 });
    expect(plan.instances).toBe(1);
    expect(plan.waves.flatMap((w) => w.steps)).toHaveLength(1);
  });

  it('plans 100,000 instances into bounded waves quickly', () => {
    const affected: RollCandidate[] = [];
    for (let c = 0; c < 25_000; c++) {
      affected.push(primary(`p${c}`, `c${c}`, `z${c % 3}`), replica(`r${c}a`, `c${c}`), replica(`r${c}b`, `c${c}`));
      affected.push(standalone(`s${c}`, `z${c % 3}`));
    }
    const started = performance.now();
    const plan = planImageRoll(cve, affected, { maxPerWave: 1000, maxPerZonePerWave: 400 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(Math.max(...plan.waves.map((w) => w.steps.length))).toBeLessThanOrEqual(1000);
    expect(plan.waves.reduce((sum, w) => sum + w.steps.length, 0)).toBe(125_000);
  });

  it('refuses to plan without a fixed image or with a wave size that is not a positive integer', () => {
    const unfixed = parseAdvisory({
      id: 'CVE-2026-7',
      affects: ['pg-16:*'],
      severity: 'high',
      createdAt: '2026-03-01T00:00:00Z',
    });
    expect(() => planImageRoll(unfixed, [standalone('s1')], { maxPerWave: 5 })).toThrow(/names no fixedImage/);
    const noWaves = () => planImageRoll(cve, [standalone('s1')], { maxPerWave: 0 });
    expect(noWaves).toThrow(/maxPerWave must be a positive integer/);
    expect(() => planImageRoll(cve, [], { maxPerWave: 2, maxPerZonePerWave: 1.5 })).toThrow(/maxPerZonePerWave/);
  });
});
