import { escapeHtml } from './escape.ts';

export interface Bar {
  label: string;
  /** 0..max */
  value: number;
  /** Printed after the bar, so the number never depends on reading the colour or length. */
  text: string;
  tone: 'good' | 'warn' | 'bad' | 'neutral';
}

const LABEL_WIDTH = 340;
const BAR_WIDTH = 300;
const VALUE_WIDTH = 150;
const ROW_HEIGHT = 30;

/**
 * A horizontal bar chart as inline SVG (no xmlns needed inside HTML, so the page holds no URL at all).
 * `max` is the value of a full bar, e.g. 100 for percentages.
 */
export function barChart(title: string, bars: readonly Bar[], max: number): string {
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
  const height = Math.max(1, bars.length) * ROW_HEIGHT;
  const rows = bars.map((bar, index) => barRow(bar, index, max)).join('');
  return (
    `<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${rows}</svg>`
  );
}

function barRow(bar: Bar, index: number, max: number): string {
  const y = index * ROW_HEIGHT;
  const share = max > 0 ? Math.min(1, Math.max(0, bar.value / max)) : 0;
  const length = Math.round(share * BAR_WIDTH);
  const middle = y + ROW_HEIGHT / 2 + 5;
  return (
    `<text x="${LABEL_WIDTH - 10}" y="${middle}" text-anchor="end">${escapeHtml(bar.label)}</text>` +
    `<rect x="${LABEL_WIDTH}" y="${y + 6}" width="${BAR_WIDTH}" height="${ROW_HEIGHT - 12}" class="track"/>` +
    `<rect x="${LABEL_WIDTH}" y="${y + 6}" width="${length}" height="${ROW_HEIGHT - 12}" class="bar ${bar.tone}"/>` +
    `<text x="${LABEL_WIDTH + BAR_WIDTH + 10}" y="${middle}">${escapeHtml(bar.text)}</text>`
  );
}
