/**
 * The scenario's timeline as inline SVG: instances by lifecycle state over simulated time (stacked areas), the
 * actions taken in each interval (bars below), and the scenario's marks (an outage beginning, Fleetwarden stopping).
 * Self-contained: no script, no URL; every colour is named in a legend, with numbers, so nothing rests on colour.
 */
import type { LifecycleState } from '../shared/domain/instance.ts';
import { escapeHtml } from '../shared/report/escape.ts';

export interface TimelineSample {
  atMs: number;
  states: Partial<Record<LifecycleState, number>>;
  /** Fleet actions acted on since the previous sample. */
  actions: number;
}

export interface Mark {
  atMs: number;
  label: string;
}

/** The bands drawn, bottom up; states not named here are drawn with the band they belong to. */
const BANDS: readonly { name: string; states: readonly LifecycleState[]; colour: string }[] = [
  { name: 'available', states: ['available'], colour: '#2f8132' },
  { name: 'being acted on', states: ['restart', 'upgrading'], colour: '#2b6cb0' },
  { name: 'uncertain', states: ['uncertain'], colour: '#d69e2e' },
  { name: 'unavailable', states: ['unavailable'], colour: '#c53030' },
  { name: 'leaving or installing', states: ['installing', 'retiring', 'retired', 'archived', 'terminated'], colour: '#9aa5b1' },
];

const WIDTH = 900;
const AREA = 260;
const BARS = 70;
const LEFT = 90;
const TOP = 24;
// Room right of the plot for the last time label ("90 min") at its centre.
const RIGHT = 40;

export function formatSimTime(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes >= 120 ? `${(minutes / 60).toFixed(minutes % 60 === 0 ? 0 : 1)} h` : `${minutes} min`;
}

export function timelineSvg(title: string, samples: readonly TimelineSample[], startMs: number, marks: readonly Mark[] = []): string {
  const spanMs = Math.max(1, (samples.at(-1)?.atMs ?? startMs) - startMs);
  const total = Math.max(1, ...samples.map((s) => Object.values(s.states).reduce((a, b) => a + (b ?? 0), 0)));
  const peakActions = Math.max(1, ...samples.map((s) => s.actions));
  const x = (atMs: number) => LEFT + ((atMs - startMs) / spanMs) * (WIDTH - LEFT - RIGHT);
  const height = TOP + AREA + 44 + BARS + 60;

  // Stacked areas: each band's polygon runs along its top edge, then back along the band below's top edge.
  let below = samples.map(() => 0);
  const areas = BANDS.map((band) => {
    const top = samples.map((s, i) => below[i]! + band.states.reduce((sum, state) => sum + (s.states[state] ?? 0), 0));
    const y = (count: number) => TOP + AREA - (count / total) * AREA;
    const upper = samples.map((s, i) => `${x(s.atMs).toFixed(1)},${y(top[i]!).toFixed(1)}`);
    const lower = samples.map((s, i) => `${x(s.atMs).toFixed(1)},${y(below[i]!).toFixed(1)}`).reverse();
    below = top;
    return `<polygon points="${[...upper, ...lower].join(' ')}" fill="${band.colour}"><title>${escapeHtml(band.name)}</title></polygon>`;
  }).join('');

  const barTop = TOP + AREA + 44;
  const barWidth = Math.max(1, (WIDTH - LEFT - RIGHT) / Math.max(1, samples.length) - 1);
  const bars = samples.filter((s) => s.actions > 0).map((s) => {
    const h = (s.actions / peakActions) * BARS;
    return `<rect x="${(x(s.atMs) - barWidth).toFixed(1)}" y="${(barTop + BARS - h).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="#52606d"/>`;
  }).join('');

  const ticks = Array.from({ length: 7 }, (_, i) => startMs + (spanMs * i) / 6).map((t) =>
    `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${TOP + AREA}" y2="${TOP + AREA + 5}" stroke="#52606d"/>` +
    `<text x="${x(t).toFixed(1)}" y="${TOP + AREA + 18}" text-anchor="middle">${formatSimTime(t - startMs)}</text>`).join('');
  const markLines = marks.map((m, i) =>
    `<line x1="${x(m.atMs).toFixed(1)}" x2="${x(m.atMs).toFixed(1)}" y1="${TOP}" y2="${barTop + BARS}" stroke="#1f2933" stroke-dasharray="4 3"/>` +
    `<text x="${(x(m.atMs) + 4).toFixed(1)}" y="${TOP - 8 + (i % 2) * 16}">${escapeHtml(m.label)}</text>`).join('');
  const legendY = barTop + BARS + 30;
  const legend = BANDS.map((band, i) =>
    `<rect x="${LEFT + i * 160}" y="${legendY - 11}" width="12" height="12" fill="${band.colour}"/>` +
    `<text x="${LEFT + i * 160 + 18}" y="${legendY}">${escapeHtml(band.name)}</text>`).join('');
  const axes =
    `<text x="${LEFT - 8}" y="${TOP + 10}" text-anchor="end">${total.toLocaleString('en-US')}</text>` +
    `<text x="${LEFT - 8}" y="${TOP + AREA}" text-anchor="end">0</text>` +
    `<text x="${LEFT - 8}" y="${barTop + 10}" text-anchor="end">${peakActions.toLocaleString('en-US')}</text>` +
    `<text x="${LEFT - 8}" y="${barTop + BARS}" text-anchor="end">0</text>` +
    `<text x="${LEFT}" y="${barTop - 4}">actions per interval</text>`;
  return (
    `<svg class="chart timeline" role="img" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" ` +
    `aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${areas}${bars}${ticks}${markLines}${axes}${legend}</svg>`
  );
}
