/** Human output: aligned tables and short lines. `--json` bypasses all of this. */

// eslint-disable-next-line no-control-regex
const visible = (text: string) => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').length;

/** Columns aligned on what is shown: colour codes in a cell take no room. */
export function table(headers: string[], rows: (string | number | undefined)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map((c) => (c === undefined ? '' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => visible(row[i] ?? ''))));
  const pad = (c: string, w: number) => c + ' '.repeat(Math.max(0, w - visible(c)));
  const line = (row: string[]) => row.map((c, i) => pad(c, widths[i] ?? 0)).join('  ').trimEnd();
  return [line(cells[0] ?? []), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

export function since(iso: string | undefined, now = new Date()): string {
  if (iso === undefined) return '';
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (seconds < 120) return `${seconds}s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m ago`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)}h ago`;
  return `${Math.round(seconds / 86400)}d ago`;
}

/** Instance ids close to `wanted` (edit distance, then a shared prefix), closest first. */
export function closeIds(wanted: string, known: readonly string[], max = 3): string[] {
  const scored = known
    .map((id) => ({ id, d: distance(wanted, id) }))
    .filter(({ id, d }) => d <= Math.max(2, Math.floor(wanted.length / 3)) || id.startsWith(wanted) || wanted.startsWith(id));
  return scored.sort((a, b) => a.d - b.d || a.id.localeCompare(b.id)).slice(0, max).map((s) => s.id);
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
