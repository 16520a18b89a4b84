import { describe, expect, it } from 'vitest';
import { summarizeRun } from '../../../shared/domain/compliance/summarize.ts';
import { renderTextReport, textTable } from '../../../shared/report/text.ts';
import { aFinding, CHECKS, findingsOn } from '../compliance/fixtures.ts';

describe('renderTextReport', () => {
  const previous = summarizeRun({ findings: [], audited: { postgres: 90, redis: 10 }, checks: CHECKS });
  const summary = summarizeRun({
    findings: [
      ...findingsOn(4, 'pg'),
      aFinding({ instanceId: 'rd-1', service: 'redis', check: 'security.tls', urgent: true }),
    ],
    audited: { postgres: 90, redis: 10 },
    checks: CHECKS,
    previous,
  });

  it('opens with the headline and a count of findings by severity', () => {
    const [first, second] = renderTextReport(summary).split('\n');
    expect(first).toBe('95% of 100 instances passed every check; 1 needs urgent attention.');
    expect(second).toBe('Findings: 0 critical, 5 high, 0 medium, 0 low.');
  });

  it('lines up the checks table in columns, with the change since last run', () => {
    const text = renderTextReport(summary);
    const header = text.split('\n').find((line) => line.startsWith('CHECK'));
    const row = text.split('\n').find((line) => line.startsWith('Backups are recent'));
    expect(header).toBeDefined();
    expect(row).toMatch(/^Backups are recent\s+backups\.recent\s+4\s+96%\s+Mostly passing\s+-4\.0 pts$/);
    expect(row?.indexOf('backups.recent')).toBe(header?.indexOf('NAME'));
    expect(text).toContain('Started failing: backups.recent, security.tls.');
  });

  it('strips terminal control characters from instance ids', () => {
    const findings = [aFinding({ instanceId: 'pg-\u001b[31mred' })];
    const hostile = summarizeRun({ findings, audited: { postgres: 1 }, checks: CHECKS });
    const text = renderTextReport(hostile);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('pg-?[31mred');
  });
});

describe('textTable', () => {
  it('pads text left and numbers right', () => {
    const rows = [
      ['a', '5'],
      ['bbb', '10'],
    ];
    expect(textTable(['NAME', 'N'], rows, ['left', 'right'])).toBe('NAME   N\na      5\nbbb   10');
  });
});
