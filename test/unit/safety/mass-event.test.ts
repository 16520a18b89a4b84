import { describe, expect, it } from 'vitest';
import { MassEventConfigSchema, detectMassEvent } from '../../../shared/domain/safety/index.ts';
import type { FailureSignal, Population } from '../../../shared/domain/safety/index.ts';

const T0 = new Date('2025-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const config = MassEventConfigSchema.parse({});
const population: Population = { zone: { 'eu-west-1a': 25, 'eu-west-1b': 25 }, region: { 'eu-west-1': 200 }, service: { postgres: 300 } };

function failures(count: number, seconds = 0, zone = 'eu-west-1a'): FailureSignal[] {
  return Array.from({ length: count }, (_, i) => ({
    instanceId: `${zone}-pg-${i}`, service: 'postgres', zone, region: 'eu-west-1', at: at(seconds).toISOString(),
  }));
}

describe('mass-event detection', () => {
  it('defaults to 20% of a scope, at least 5 instances, within 5 minutes', () => {
    expect(config).toEqual({ share: 0.2, minInstances: 5, windowSeconds: 300 });
  });

  it('flags a zone where exactly 20% of the instances failed together', () => {
    expect(detectMassEvent(failures(5), population, config, at(60))).toEqual([
      {
        scope: { kind: 'zone', zone: 'eu-west-1a' }, failed: 5, population: 25, share: 0.2,
        windowStart: '2025-03-01T10:00:00.000Z', instanceIds: failures(5).map((f) => f.instanceId).sort(),
      },
    ]);
  });

  it('does not flag one instance fewer than the threshold', () => {
    expect(detectMassEvent(failures(4), population, config, at(60))).toEqual([]);
  });

  it('needs the minimum number of instances even when the share is passed', () => {
    const tiny: Population = { zone: { 'eu-west-1a': 4 }, region: {}, service: {} };
    expect(detectMassEvent(failures(4), tiny, config, at(60))).toEqual([]);
  });

  it('counts an instance that failed twice once', () => {
    const twice = [...failures(4), ...failures(4, 30)];
    expect(detectMassEvent(twice, population, config, at(60))).toEqual([]);
  });

  it('forgets failures exactly one window old and keeps those a second younger', () => {
    expect(detectMassEvent(failures(5, 0), population, config, at(300))).toEqual([]);
    expect(detectMassEvent(failures(5, 1), population, config, at(300))).toHaveLength(1);
  });

  it('flags a region and a service as well as a zone when they pass the share', () => {
    const wide = [...failures(25, 0, 'eu-west-1a'), ...failures(25, 0, 'eu-west-1b')];
    const scopes = detectMassEvent(wide, { ...population, service: { postgres: 200 } }, config, at(10)).map((e) => e.scope);
    expect(scopes).toEqual([
      { kind: 'zone', zone: 'eu-west-1a' },
      { kind: 'zone', zone: 'eu-west-1b' },
      { kind: 'region', region: 'eu-west-1' },
      { kind: 'service', service: 'postgres' },
    ]);
  });

  it('never flags a scope whose population is unknown', () => {
    expect(detectMassEvent(failures(5, 0, 'eu-west-1c'), population, config, at(10))).toEqual([]);
  });
});
