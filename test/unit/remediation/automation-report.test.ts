import { describe, expect, it } from 'vitest';
import { automationReport, DEFAULT_MINUTES_PER_ACTION, minutesPerAction, type ReportedTask } from '../../../shared/domain/remediation/automation-report.ts';
import { renderAutomationHtml, renderAutomationText } from '../../../shared/report/automation.ts';

const NOW = new Date('2026-12-06T12:00:00.000Z');
const at = (minutesBeforeNow: number) => new Date(NOW.getTime() - minutesBeforeNow * 60_000).toISOString();

/** A task created `ago` minutes before now that took `took` minutes, with one attempt per action kind given. */
function task(id: string, condition: string, status: ReportedTask['status'], ago: number, took: number, actions: string[] = [], extra: Partial<ReportedTask> = {}): ReportedTask {
  return {
    id,
    condition: condition as ReportedTask['condition'],
    status,
    dryRun: false,
    createdAt: at(ago),
    updatedAt: at(ago - took),
    attempts: actions.map((kind, i) => ({ stepIndex: i, step: kind as never, attempt: 1, outcome: 'verified' as never, startedAt: at(ago), action: { kind: kind as never, instanceId: 'pg-1', idempotencyKey: `${id}:${i}` } })),
    ...extra,
  };
}

/** A known history: four fixes, one escalation, one failure, one that cleared by itself, one open; and what does not count. */
const HISTORY: ReportedTask[] = [
  task('t1', 'down', 'succeeded', 600, 2, ['restart']),
  task('t2', 'down', 'succeeded', 3000, 10, ['restart', 'replace']),
  task('t3', 'disk-full', 'succeeded', 9000, 5, ['grow-storage']),
  task('t4', 'down', 'succeeded', 20_000, 1, ['restart']),
  task('t5', 'down', 'escalated', 700, 30, ['restart']),
  task('t6', 'replication-lag', 'failed', 800, 1),
  task('t7', 'cpu-saturated', 'pending', 900, 0, [], { obsolete: true }),
  task('t8', 'memory-saturated', 'acting', 5, 0, ['restart']),
  task('dry', 'down', 'dry-run', 100, 1, ['restart'], { dryRun: true }),
  task('old', 'down', 'succeeded', 40 * 24 * 60, 3, ['restart']),
];

describe('the return on automation, on a known history', () => {
  const report = automationReport({ tasks: HISTORY, pagedIncidents: 2, days: 30, now: NOW });

  it('counts conditions fixed without a human against those handed to one, leaving out dry runs and older tasks', () => {
    expect(report.conditions).toEqual({ total: 8, fixedWithoutHuman: 4, escalated: 1, failed: 1, clearedBySelf: 1, open: 1, automationRatePct: 66.7 });
    expect(report.byCondition).toEqual([
      { condition: 'down', fixed: 3, escalated: 1, failed: 0 },
      { condition: 'disk-full', fixed: 1, escalated: 0, failed: 0 },
      { condition: 'replication-lag', fixed: 0, escalated: 0, failed: 1 },
    ]);
    expect(report.window).toEqual({ days: 30, from: '2026-11-06T12:00:00.000Z', to: '2026-12-06T12:00:00.000Z' });
  });

  it('counts pages: escalated tasks and paged incidents', () => {
    expect(report.pages).toEqual({ total: 3, escalatedTasks: 1, incidents: 2 });
  });

  it('gives time to recover p50 and p90 over the fixes (1, 2, 5 and 10 minutes)', () => {
    expect(report.timeToRecoverSeconds).toEqual({ p50: 120, p90: 600, count: 4 });
  });

  it('counts the fixes\' actions by kind and prices them at the stated minutes', () => {
    expect(report.actions).toEqual([
      { kind: 'restart', count: 3, minutesEach: 20, minutesSaved: 60 },
      { kind: 'grow-storage', count: 1, minutesEach: 30, minutesSaved: 30 },
      { kind: 'replace', count: 1, minutesEach: 60, minutesSaved: 60 },
    ]);
    expect(report.hoursSaved).toBe(2.5);
    expect(report.minutesPerAction).toEqual(DEFAULT_MINUTES_PER_ACTION);
  });

  it('takes other minutes per action, and refuses an unknown action or a bad number', () => {
    expect(automationReport({ tasks: HISTORY, pagedIncidents: 0, days: 30, now: NOW, minutes: { restart: 10 } }).hoursSaved).toBe(2);
    expect(() => minutesPerAction({ reboot: 5 })).toThrow(/unknown action "reboot"/);
    expect(() => minutesPerAction({ restart: -1 })).toThrow(/between 0 and 1440/);
  });

  it('narrows to the window: one day holds t1, t5, t6, t7, t8', () => {
    const day = automationReport({ tasks: HISTORY, pagedIncidents: 0, days: 1, now: NOW });
    expect(day.conditions).toMatchObject({ total: 5, fixedWithoutHuman: 1, escalated: 1, failed: 1, clearedBySelf: 1, open: 1, automationRatePct: 33.3 });
    expect(automationReport({ tasks: [], pagedIncidents: 0, days: 7, now: NOW }).conditions.automationRatePct).toBeNull();
  });

  it('reads as text and as one self-contained HTML page with SVG charts', () => {
    const text = renderAutomationText(report);
    expect(text).toContain('In the last 30 days automation fixed 4 of 6 conditions without waking anyone (66.7%), saving about 2.5 engineer-hours.');
    expect(text).toContain('time to recover        p50 2 min, p90 10 min (over 4 fixes)');
    expect(text).toMatch(/restart\s+3 x 20 min = 1\.0 h/);
    const html = renderAutomationHtml(report, 'Prod <EU>');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('Prod &lt;EU&gt;');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).not.toMatch(/https?:|<script|<link|src=/);
    expect(html).toContain('3 x 20 min = 1.0 h');
  });
});
