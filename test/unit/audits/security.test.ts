import { describe, expect, it } from 'vitest';
import { parseAdvisory } from '../../../shared/domain/audits/advisories.ts';
import {
  securityCredentialsAge,
  securityImageAdvisories,
  securityPublicAccess,
  securityTls,
} from '../../../shared/domain/audits/checks/security.ts';
import { aContext, ago, anInstance, DAY, NOW, SECOND } from './fixtures.ts';

const advisory = (severity: string, affects: string[], createdAt = ago(DAY)) =>
  parseAdvisory({ id: `CVE-2026-${severity}`, affects, severity, createdAt });

describe('security.image-advisories', () => {
  const images = securityImageAdvisories.load();
  const vulnerable = anInstance({ image: { name: 'pg-16', version: '16.4.1' } });

  it('flags an image an active advisory affects, with the advisory severity and id', () => {
    const cve = parseAdvisory({
      id: 'CVE-2026-1234',
      affects: ['pg-16:<16.4.2'],
      severity: 'high',
      createdAt: ago(DAY),
      fixedImage: { name: 'pg-16', version: '16.4.2' },
    });
    const ctx = aContext({ advisories: [cve] });
    const findings = images.evaluate(vulnerable, ctx, NOW);
    expect(findings).toMatchObject([
      { severity: 'high', condition: 'vulnerable-image', evidence: 'CVE-2026-1234', urgent: false },
    ]);
    expect(findings[0]?.message).toContain('fixed in pg-16:16.4.2');
  });

  it('makes a critical advisory urgent, and a high one urgent only when configured so', () => {
    const ctx = aContext({ advisories: [advisory('critical', ['pg-16:*']), advisory('high', ['pg-*'])] });
    expect(images.evaluate(vulnerable, ctx, NOW).map((f) => [f.severity, f.urgent])).toEqual([
      ['critical', true],
      ['high', false],
    ]);
    const stricter = securityImageAdvisories.load({ urgentAtSeverity: 'high' });
    expect(stricter.evaluate(vulnerable, ctx, NOW).every((f) => f.urgent)).toBe(true);
  });

  it('passes an image no advisory matches, and ignores an advisory dated in the future', () => {
    const inASecond = new Date(NOW.getTime() + SECOND).toISOString();
    const notYet = advisory('high', ['pg-16:*'], inASecond);
    const ctx = aContext({ advisories: [advisory('critical', ['redis-7.2:*']), notYet] });
    expect(images.evaluate(vulnerable, ctx, NOW)).toEqual([]);
  });

  it('rejects an urgency that is not a severity', () => {
    expect(() => securityImageAdvisories.load({ urgentAtSeverity: 'panic' })).toThrow(
      /security\.image-advisories.*urgentAtSeverity/,
    );
  });
});

describe('security.tls', () => {
  const tls = securityTls.load();

  it('flags an instance that accepts unencrypted connections, in its maintenance window', () => {
    expect(tls.evaluate(anInstance({ tls: { enforced: false } }), aContext(), NOW)).toMatchObject([
      { severity: 'high', condition: 'tls-not-enforced', urgent: false },
    ]);
    expect(tls.evaluate(anInstance(), aContext(), NOW)).toEqual([]);
  });

  it('reports an instance that does not say, without guessing a remedy', () => {
    const [finding] = tls.evaluate(anInstance({ tls: undefined }), aContext(), NOW);
    expect(finding?.severity).toBe('medium');
    expect(finding).not.toHaveProperty('condition');
  });
});

describe('security.credentials-age', () => {
  const credentials = securityCredentialsAge.load();

  it('passes credentials exactly 90 days old and flags them a second later', () => {
    const rotatedAgo = (ms: number) => anInstance({ credentials: { rotatedAt: ago(ms) } });
    expect(credentials.evaluate(rotatedAgo(90 * DAY), aContext(), NOW)).toEqual([]);
    expect(credentials.evaluate(rotatedAgo(90 * DAY + SECOND), aContext(), NOW)).toMatchObject([
      { severity: 'medium', condition: 'credentials-stale' },
    ]);
  });

  it('counts never-rotated credentials from when the instance was created', () => {
    const young = anInstance({ credentials: undefined, createdAt: ago(89 * DAY) });
    const old = anInstance({ credentials: undefined, createdAt: ago(91 * DAY) });
    expect(credentials.evaluate(young, aContext(), NOW)).toEqual([]);
    expect(credentials.evaluate(old, aContext(), NOW)).toHaveLength(1);
  });

  it('uses a configured maximum age and rejects a negative one', () => {
    const monthly = securityCredentialsAge.load({ maxAgeDays: 30 });
    const rotatedLastMonth = anInstance({ credentials: { rotatedAt: ago(31 * DAY) } });
    expect(monthly.evaluate(rotatedLastMonth, aContext(), NOW)).toHaveLength(1);
    expect(() => securityCredentialsAge.load({ maxAgeDays: -1 })).toThrow(/credentials-age.*maxAgeDays/);
  });
});

describe('security.public-access', () => {
  const exposure = securityPublicAccess.load();

  it('flags a publicly reachable instance on a plan that forbids it, urgently', () => {
    expect(exposure.evaluate(anInstance({ network: { publiclyReachable: true } }), aContext(), NOW)).toMatchObject([
      { severity: 'high', condition: 'public-exposure', urgent: true },
    ]);
  });

  it('allows public access where the plan allows it', () => {
    const standard = anInstance({ plan: 'postgres-standard', network: { publiclyReachable: true } });
    expect(exposure.evaluate(standard, aContext(), NOW)).toEqual([]);
  });

  it('reports an unknown plan even for an instance that is not exposed', () => {
    const findings = exposure.evaluate(anInstance({ plan: 'mystery' }), aContext(), NOW);
    expect(findings).toMatchObject([{ check: 'security.public-access', severity: 'medium' }]);
    expect(findings[0]?.message).toContain('"mystery"');
  });

  it('reports an instance that does not say whether it is reachable', () => {
    expect(exposure.evaluate(anInstance({ network: undefined }), aContext(), NOW)).toMatchObject([{ severity: 'low' }]);
  });
});
