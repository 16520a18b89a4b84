import { escapeHtml } from './escape.ts';

export interface Bar {
  label: string;
  /** 0..max */
  value: number;
  /** Printed after the bar, so the number never depends on reading the colour or length. */
  text: string;
  tone: 'good' | 'warn' | 'bad' | 'neutral';
}

const BAR_WIDTH = 300;
const ROW_HEIGHT = 30;
/** Room for a text at the charts' 13px font: a generous average glyph width, so no label is cut at an edge. */
const CHAR_WIDTH = 8;
const GAP = 10;
const textWidth = (texts: readonly string[], least: number) => Math.max(least, Math.ceil(Math.max(0, ...texts.map((t) => t.length)) * CHAR_WIDTH) + 2 * GAP);

/**
 * A horizontal bar chart as inline SVG (no xmlns needed inside HTML, so the page holds no URL at all).
 * `max` is the value of a full bar, e.g. 100 for percentages.
 */
export function barChart(title: string, bars: readonly Bar[], max: number): string {
  // The label and value columns are as wide as their longest text: "96.8% (Mostly passing)" is never cut.
  const layout = { label: textWidth(bars.map((b) => b.label), 120), value: textWidth(bars.map((b) => b.text), 80) };
  const width = layout.label + BAR_WIDTH + layout.value;
  const height = Math.max(1, bars.length) * ROW_HEIGHT;
  const rows = bars.map((bar, index) => barRow(bar, index, max, layout.label)).join('');
  return (
    `<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${rows}</svg>`
  );
}

function barRow(bar: Bar, index: number, max: number, labelWidth: number): string {
  const y = index * ROW_HEIGHT;
  const share = max > 0 ? Math.min(1, Math.max(0, bar.value / max)) : 0;
  const length = Math.round(share * BAR_WIDTH);
  const middle = y + ROW_HEIGHT / 2 + 5;
  return (
    `<text x="${labelWidth - GAP}" y="${middle}" text-anchor="end">${escapeHtml(bar.label)}</text>` +
    `<rect x="${labelWidth}" y="${y + 6}" width="${BAR_WIDTH}" height="${ROW_HEIGHT - 12}" class="track"/>` +
    `<rect x="${labelWidth}" y="${y + 6}" width="${length}" height="${ROW_HEIGHT - 12}" class="bar ${bar.tone}"/>` +
    `<text x="${labelWidth + BAR_WIDTH + GAP}" y="${middle}">${escapeHtml(bar.text)}</text>`
  );
}
