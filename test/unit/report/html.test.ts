import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../../shared/report/html.ts';
import { summarizeRun } from '../../../shared/domain/compliance/summarize.ts';
import { aFinding, CHECKS, findingsOn } from '../compliance/fixtures.ts';

const meta = {
  runId: 'audit-2026-03-08',
  startedAt: '2026-03-08T03:00:00.000Z',
  finishedAt: '2026-03-08T03:04:30.000Z',
  fleetName: 'Production EU',
};

function report() {
  const findings = [
    ...findingsOn(25, 'pg'),
    ...findingsOn(3, 'rd', { check: 'security.tls', service: 'redis', severity: 'critical', urgent: true }),
  ];
  const audited = { postgres: 700, redis: 300 };
  const previous = summarizeRun({ findings: findingsOn(40, 'pg'), audited, checks: CHECKS });
  return summarizeRun({ findings, audited, checks: CHECKS, previous });
}

describe('renderHtmlReport', () => {
  it('leads with a plain headline a non-engineer can read', () => {
    const html = renderHtmlReport(report(), meta);
    expect(html).toContain('<h1>97.2% of 1,000 instances passed every check; 3 need urgent attention.</h1>');
    expect(html).toContain('<title>Compliance report for Production EU</title>');
    expect(html).toContain('taking 5 min');
  });

  it('is one self-contained page: no scripts, links, external images, fonts or URLs', () => {
    const html = renderHtmlReport(report(), meta);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const external of ['http', 'src=', '<script', '<link', '@import', 'url(', '<img']) {
      expect(html).not.toContain(external);
    }
    expect(html).toContain('<style>');
    expect(html.match(/<svg /g)?.length).toBe(3);
  });

  it('names checks in plain words and says each status in words, not colour alone', () => {
    const html = renderHtmlReport(report(), meta);
    expect(html).toContain('Backups are recent');
    expect(html).toContain('Connections are encrypted');
    expect(html).toContain('<span class="status warn">Mostly passing</span>');
    expect(html).toContain('<span class="status good">All passed</span>');
    expect(html).toContain('Redis caches');
    expect(html).toContain('97.5% (Mostly passing)');
  });

  it('lists the worst offenders and the changes since the last run', () => {
    const html = renderHtmlReport(report(), meta);
    expect(html).toContain('<code>rd-0</code>');
    expect(html).toContain('Yes, urgent');
    expect(html).toContain('<h3>Started failing</h3><ul><li>Connections are encrypted</li></ul>');
    expect(html).toContain('Last run 96% of instances passed every check; now 97.2% (+1.2 pts).');
  });

  it('escapes instance ids, zones and meta so that none of them can inject markup', () => {
    const hostile = '<script>alert("x")</script>';
    const summary = summarizeRun({
      findings: [aFinding({ instanceId: hostile, zone: `zone'><b>` })],
      audited: { postgres: 10 },
      checks: CHECKS,
    });
    const html = renderHtmlReport(summary, { ...meta, runId: '<img src=x>', fleetName: 'A & B' });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain("'><b>");
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Compliance report for A &amp; B');
  });

  it('reads sensibly for a first run with nothing wrong', () => {
    const html = renderHtmlReport(summarizeRun({ findings: [], audited: { kafka: 12 }, checks: CHECKS }), meta);
    expect(html).toContain('All 12 instances passed every check; none need urgent attention.');
    expect(html).toContain('This is the first run');
    expect(html).toContain('None: no instance has a problem.');
  });
});
