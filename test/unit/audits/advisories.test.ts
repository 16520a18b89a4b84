import { describe, expect, it } from 'vitest';
import { affectsImage, parseAdvisory, parseImageKey } from '../../../shared/domain/audits/advisories.ts';
import { compareVersions } from '../../../shared/domain/audits/image-pattern.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';

const advisoryFor = (...affects: string[]) =>
  parseAdvisory({ id: 'CVE-2026-1234', affects, severity: 'critical', createdAt: '2026-03-01T00:00:00Z' });

const image = (key: string) => parseImageKey(key);

describe('advisory image patterns', () => {
  it.each([
    ['pg-16:<16.4.2', 'pg-16:16.4.1', true],
    ['pg-16:<16.4.2', 'pg-16:16.4.2', false],
    ['pg-16:<16.4.2', 'pg-16:16.10.0', false],
    ['pg-16:<=16.4.2', 'pg-16:16.4.2', true],
    ['pg-16:<16.4.2', 'pg-17:16.0.0', false],
    ['pg-16:>=16.0 <16.4.2', 'pg-16:15.9', false],
    ['pg-16:>=16.0 <16.4.2', 'pg-16:16.2.1', true],
    ['pg-16:>16.4', 'pg-16:16.4.0', true],
    ['pg-16:=16.4.2', 'pg-16:16.4.2', true],
    ['redis-7.2:*', 'redis-7.2:7.2.5', true],
    ['redis-7.2:*', 'redis-7.20:7.20.0', false],
    ['redis-7.*', 'redis-7.4:7.4.0', true],
    ['redis-*:7.2.*', 'redis-7.2:7.2.5', true],
    ['redis-*:7.2.*', 'redis-7.2:7.20.1', false],
    ['kafka-3.7', 'kafka-3.7:3.7.0', true],
    ['pg-16:16.4.2', 'pg-16:16.4.2-fw1', false],
    ['pg-16:<16.4.2', 'pg-16:16.4.2-fw1', false],
    ['pg-16:<16.4.2-fw2', 'pg-16:16.4.2-fw1', true],
  ])('%s affects %s: %s', (pattern, key, expected) => {
    expect(affectsImage(advisoryFor(pattern), image(key))).toBe(expected);
  });

  it('affects an image when any one of its patterns matches', () => {
    const advisory = advisoryFor('pg-15:<15.8', 'pg-16:<16.4.2');
    expect(affectsImage(advisory, image('pg-15:15.7'))).toBe(true);
    expect(affectsImage(advisory, image('pg-16:16.3'))).toBe(true);
    expect(affectsImage(advisory, image('pg-15:15.8'))).toBe(false);
  });

  it('orders versions numerically by segment, a build suffix after its release', () => {
    const sorted = ['16.10', '16.4.2-fw1', '16.4', '16.9', '16.4.2', '16.4.0'].sort(compareVersions);
    expect(sorted).toEqual(['16.4', '16.4.0', '16.4.2', '16.4.2-fw1', '16.9', '16.10']);
  });
});

describe('parseAdvisory', () => {
  it('accepts a complete advisory and keeps its fields', () => {
    const advisory = parseAdvisory({
      id: 'CVE-2026-1234',
      title: 'Kernel privilege escalation',
      affects: ['pg-16:<16.4.2'],
      fixedImage: { name: 'pg-16', version: '16.4.2' },
      severity: 'critical',
      createdAt: '2026-03-01T08:00:00Z',
    });
    expect(advisory.fixedImage).toEqual({ name: 'pg-16', version: '16.4.2' });
  });

  it.each([
    [['pg-16:<<16'], /affects\.0: "pg-16:<<16".*comparator/],
    [['pg-16:'], /affects\.0: .*nothing after ":"/],
    [['pg 16:*'], /affects\.0: .*image name/],
    [['pg-16:>=16 <'], /affects\.0: .*"<" is not a comparator/],
    [[], /affects: must list at least one image pattern/],
  ])('rejects the patterns %j with a clear reason', (affects, reason) => {
    const parse = () =>
      parseAdvisory({ id: 'CVE-2026-1', affects, severity: 'high', createdAt: '2026-03-01T00:00:00Z' });
    expect(parse).toThrow(ValidationError);
    expect(parse).toThrow(reason);
  });

  it('lists every wrong field at once', () => {
    const parse = () =>
      parseAdvisory({ id: 'not an id', affects: ['pg-16:*'], severity: 'severe', createdAt: 'tuesday' });
    expect(parse).toThrow(/id: must be an id like CVE-2026-1234.*severity: .*createdAt: /);
  });

  it('rejects a fixed image that the advisory itself affects', () => {
    const parse = () =>
      parseAdvisory({
        id: 'CVE-2026-9',
        affects: ['pg-16:<=16.4.2'],
        fixedImage: { name: 'pg-16', version: '16.4.2' },
        severity: 'high',
        createdAt: '2026-03-01T00:00:00Z',
      });
    expect(parse).toThrow(/fixedImage: pg-16:16\.4\.2 is itself matched by affects/);
  });

  it('rejects an image key without a version', () => {
    expect(() => parseImageKey('pg-16')).toThrow(/"pg-16" is not name:version/);
  });
});
