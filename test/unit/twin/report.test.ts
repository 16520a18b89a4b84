import { describe, expect, it } from 'vitest';
import { dollars, handWork, latency } from '../../../twin/figures.ts';
import { resultsHtml, resultsNotes, resultsTable, type ScenarioResult } from '../../../twin/report.ts';
import { timelineSvg, type TimelineSample } from '../../../twin/timeline.ts';

const T0 = Date.parse('2026-12-06T00:00:00Z');
const samples: TimelineSample[] = Array.from({ length: 61 }, (_, i) => {
  const dark = i >= 10 && i < 40 ? 300 : 0;
  return { atMs: T0 + i * 60_000, states: { available: 1000 - dark, uncertain: i < 12 ? dark : 0, unavailable: i >= 12 ? dark : 0 }, actions: i === 15 ? 12 : 0 };
});

function sampleResult(overrides: Partial<ScenarioResult> = {}): ScenarioResult {
  const requests = { lambdaInvocations: 4000, lambdaGbSeconds: 300, dynamoWriteUnits: 50_000, dynamoReadUnits: 20_000, sqsRequests: 9000, eventBridgeEvents: 700 };
  return {
    scenario: 'zone-outage', summary: 'a third of the fleet silent, back after 30 minutes', instances: 1000, seed: 1,
    simulatedMs: 3_600_000, wallMs: 4200, peakRssBytes: 300 * 2 ** 20,
    detection: { toUnavailable: latency([180_000, 200_000, 239_000]), toTask: latency([200_000, 230_000, 250_000]), floorMs: 180_000, ceilingMs: 240_000 },
    recoveryMs: 420_000, actions: { restart: 12 }, peakConcurrentActions: 12, actionBudget: 50, pages: 1,
    requests, dollars: dollars(requests), handWork: handWork({ restart: 12 }, 0, 1, 3_600_000), breaches: [],
    timeline: { startMs: T0, samples, marks: [{ atMs: T0 + 600_000, label: 'zone a dark' }, { atMs: T0 + 2_400_000, label: 'zone a back' }] },
    ...overrides,
  };
}

describe('the twin: report', () => {
  it('draws every state band and the actions, labelled in words, with no URL', () => {
    const svg = timelineSvg('zone-outage', samples, T0, [{ atMs: T0 + 600_000, label: 'zone a dark' }]);
    expect(svg.match(/<polygon /g)).toHaveLength(5);
    for (const words of ['available', 'uncertain', 'unavailable', 'being acted on', 'actions per interval', 'zone a dark', '1,000', '60 min']) expect(svg).toContain(words);
    expect(svg.match(/<rect [^>]*fill="#52606d"/g)).toHaveLength(1);
    expect(svg).not.toMatch(/https?:/);
  });

  it('prints one row per scenario and every breach in full', () => {
    const broken = sampleResult({ scenario: 's3-day', breaches: [{ invariant: 'one-page-per-outage', detail: 'us-east-1: 2 pages' }] });
    const text = resultsTable([sampleResult(), broken]);
    expect(text.split('\n')).toHaveLength(4);
    expect(text).toContain('| zone-outage | 1,000 | all hold | 3 min/4 min/4 min (3 min-4 min) |');
    expect(text).toContain('1 BREACHED');
    expect(resultsNotes([broken])).toEqual(['BREACH s3-day: one-page-per-outage: us-east-1: 2 pages', 's3-day: by hand: 0.00 engineer-years; automated: 1.0 hours, 1 page']);
  });

  it('writes a self-contained page with the verdict, the timeline and the figures, escaped', () => {
    const html = resultsHtml([sampleResult({ summary: '<script>alert(1)</script>' })], '2026-12-06T09:00:00Z');
    expect(html).toContain('Every invariant holds');
    expect(html).toContain('<svg class="chart timeline"');
    expect(html).toContain('by hand: 0.00 engineer-years; automated: 1.0 hours, 1 page');
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/(src|href)=/);
  });
});
