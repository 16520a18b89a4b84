/**
 * What a scenario reports: its figures as a table for the terminal, as JSON, and as a self-contained HTML page with
 * the timeline. Every breach of an invariant is printed first and in full.
 */
import { escapeHtml } from '../shared/report/escape.ts';
import { section, table, type Html } from '../shared/report/html-parts.ts';
import { STYLE } from '../shared/report/html-style.ts';
import type { HandWork, Latency, Requests } from './figures.ts';
import type { Breach } from './invariants.ts';
import { formatSimTime, timelineSvg, type Mark, type TimelineSample } from './timeline.ts';

export interface ScenarioResult {
  scenario: string;
  summary: string;
  instances: number;
  seed: number;
  simulatedMs: number;
  wallMs: number;
  peakRssBytes: number;
  detection: {
    /** Last heartbeat to `unavailable`. */
    toUnavailable: Latency;
    /** Last heartbeat to the remediation task enqueued. */
    toTask: Latency;
    /** What the thresholds and the sweep interval allow at best, and at worst. */
    floorMs: number;
    ceilingMs: number;
    /** Set when detection was held on purpose (its observer stalled), with why. */
    held?: string;
  };
  /** From the fault's end to every instance available again (undefined: not recovered within the scenario). */
  recoveryMs?: number;
  actions: Record<string, number>;
  peakConcurrentActions: number;
  actionBudget: number;
  pages: number;
  /** Messages in each dead-letter queue at the end, by queue. */
  deadLetters?: Record<string, number>;
  requests: Requests;
  dollars: Record<'lambda' | 'dynamodb' | 'sqs' | 'eventbridge' | 'total', number>;
  handWork: HandWork;
  breaches: Breach[];
  timeline: { startMs: number; samples: TimelineSample[]; marks: Mark[] };
}

const ms = (value: number | undefined) => (value === undefined ? '-' : value >= 120_000 ? formatSimTime(value) : `${Math.round(value / 1000)} s`);
const count = (n: number) => n.toLocaleString('en-US');
const money = (d: number) => (d >= 100 ? `$${d.toFixed(0)}` : `$${d.toFixed(2)}`);
const actionList = (actions: Record<string, number>) => Object.entries(actions).map(([k, n]) => `${k} ${count(n)}`).join(', ') || 'none';

/** One row per scenario: the figures side by side. */
export function resultsTable(results: readonly ScenarioResult[]): string {
  const headers = ['scenario', 'instances', 'invariants', 'to unavailable p50/p99/max (floor-ceiling)', 'to task p99', 'recovery', 'actions', 'peak/budget', 'pages', 'cost', 'wall', 'memory'];
  const rows = results.map((r) => [
    r.scenario,
    count(r.instances),
    r.breaches.length === 0 ? 'all hold' : `${r.breaches.length} BREACHED`,
    `${ms(r.detection.toUnavailable.p50)}/${ms(r.detection.toUnavailable.p99)}/${ms(r.detection.toUnavailable.max)} (${ms(r.detection.floorMs)}-${ms(r.detection.ceilingMs)})${r.detection.held ? ' held' : ''}`,
    ms(r.detection.toTask.p99),
    ms(r.recoveryMs),
    actionList(r.actions),
    `${r.peakConcurrentActions}/${r.actionBudget}`,
    String(r.pages),
    money(r.dollars.total),
    `${(r.wallMs / 1000).toFixed(1)} s`,
    `${(r.peakRssBytes / 2 ** 30).toFixed(2)} GiB`,
  ]);
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/** The lines printed under the table: breaches in full, held detection explained, and the hand-work line. */
export function resultsNotes(results: readonly ScenarioResult[]): string[] {
  return results.flatMap((r) => [
    ...r.breaches.map((b) => `BREACH ${r.scenario}: ${b.invariant}: ${b.detail}`),
    ...(r.detection.held ? [`${r.scenario}: detection held: ${r.detection.held}`] : []),
    ...(r.deadLetters && Object.keys(r.deadLetters).length > 0 ? [`${r.scenario}: dead-lettered: ${Object.entries(r.deadLetters).map(([q, n]) => `${q} ${n}`).join(', ')}`] : []),
    `${r.scenario}: ${r.handWork.line}`,
  ]);
}

export function resultsHtml(results: readonly ScenarioResult[], generatedAt: string): string {
  const body = results.map((r) => scenarioSection(r)).join('');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>Fleetwarden twin: scenarios</title><style>${STYLE}.timeline { width: 100%; }</style></head><body><main>` +
    `<header><p class="eyebrow">Fleetwarden twin</p><h1>Scenarios</h1><p class="meta">Generated ${escapeHtml(generatedAt)}: ` +
    `the real domain and use cases over memory adapters, in simulated time (docs/TWIN.md).</p></header>${body}</main></body></html>`
  );
}

function scenarioSection(r: ScenarioResult): Html {
  const verdict = r.breaches.length === 0
    ? `<p><span class="status good">Every invariant holds</span></p>`
    : `<p><span class="status bad">${r.breaches.length} invariant breach${r.breaches.length === 1 ? '' : 'es'}</span></p><ul>${r.breaches.map((b) => `<li>${escapeHtml(`${b.invariant}: ${b.detail}`)}</li>`).join('')}</ul>`;
  const figures = table(['figure', 'value'], [
    ['instances', escapeHtml(count(r.instances))],
    ['simulated', escapeHtml(formatSimTime(r.simulatedMs))],
    ['last heartbeat to unavailable, p50 / p99 / max', escapeHtml(`${ms(r.detection.toUnavailable.p50)} / ${ms(r.detection.toUnavailable.p99)} / ${ms(r.detection.toUnavailable.max)} (${count(r.detection.toUnavailable.count)} instances; thresholds and sweep allow ${ms(r.detection.floorMs)} to ${ms(r.detection.ceilingMs)})`)],
    ['last heartbeat to task enqueued, p50 / p99 / max', escapeHtml(`${ms(r.detection.toTask.p50)} / ${ms(r.detection.toTask.p99)} / ${ms(r.detection.toTask.max)}`)],
    ...(r.detection.held ? [['detection held', escapeHtml(r.detection.held)]] : []),
    ['time to full recovery', escapeHtml(ms(r.recoveryMs))],
    ['actions', escapeHtml(actionList(r.actions))],
    ['peak concurrent actions / budget', escapeHtml(`${r.peakConcurrentActions} / ${r.actionBudget}`)],
    ['pages', escapeHtml(String(r.pages))],
    ['requests', escapeHtml(`${count(r.requests.lambdaInvocations)} invocations, ${count(Math.round(r.requests.dynamoWriteUnits))} write units, ${count(Math.round(r.requests.dynamoReadUnits))} read units, ${count(r.requests.sqsRequests)} SQS requests, ${count(r.requests.eventBridgeEvents)} events`)],
    ['what the day cost', escapeHtml(`${money(r.dollars.total)} (Lambda ${money(r.dollars.lambda)}, DynamoDB ${money(r.dollars.dynamodb)}, SQS ${money(r.dollars.sqs)}, EventBridge ${money(r.dollars.eventbridge)})`)],
    ['hand work avoided', escapeHtml(r.handWork.line)],
    ['the twin itself', escapeHtml(`${(r.wallMs / 1000).toFixed(1)} s of wall time, ${(r.peakRssBytes / 2 ** 30).toFixed(2)} GiB peak memory, seed ${r.seed}`)],
  ]);
  const svg = timelineSvg(`${r.scenario}: instances by state and actions over simulated time`, r.timeline.samples, r.timeline.startMs, r.timeline.marks);
  return section(`${r.scenario}: ${r.summary}`, `${verdict}<div class="scroll">${svg}</div>${figures}`);
}
