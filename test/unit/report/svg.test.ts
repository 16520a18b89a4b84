import { describe, expect, it } from 'vitest';
import { barChart } from '../../../shared/report/svg.ts';

/** The SVG's width, and where each text starts and how it is anchored. */
function layout(svg: string) {
  const width = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const texts = [...svg.matchAll(/<text x="(\d+)" y="\d+"( text-anchor="end")?>([^<]*)<\/text>/g)].map((m) => ({ x: Number(m[1]), end: m[2] !== undefined, text: m[3] ?? '' }));
  return { width, texts };
}

describe('bar charts', () => {
  it('leave room for every label and value at 8 px a character, so none is cut at an edge ("96.8% (Mostly passing)")', () => {
    const svg = barChart('How each check did', [
      { label: 'Connections are encrypted with TLS everywhere', value: 96.8, text: '96.8% (Mostly passing)', tone: 'warn' },
      { label: 'Redis caches', value: 94.1, text: '94.1% (Needs attention) of 1,000', tone: 'bad' },
    ], 100);
    const { width, texts } = layout(svg);
    for (const t of texts) {
      if (t.end) expect(t.x - t.text.length * 8, t.text).toBeGreaterThanOrEqual(0);
      else expect(t.x + t.text.length * 8, t.text).toBeLessThanOrEqual(width);
    }
    expect(svg).toContain('>94.1% (Needs attention) of 1,000</text>');
  });

  it('stays compact for short texts', () => {
    const { width } = layout(barChart('t', [{ label: 'High', value: 3, text: '3 problems', tone: 'bad' }], 10));
    expect(width).toBeLessThanOrEqual(120 + 300 + 120);
  });
});
