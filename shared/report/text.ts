import { SEVERITIES } from '../domain/audits/finding.ts';
import type { RunSummary } from '../domain/compliance/types.ts';
import { complianceStatus, formatCount, formatDelta, formatPct, headline, SEVERITY_LABELS } from './wording.ts';

type Align = 'left' | 'right';

/** Strips control characters so an instance id cannot move the cursor or recolour the terminal. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** Columns padded to their widest cell; numbers right-aligned. */
export function textTable(headers: readonly string[], rows: readonly string[][], align: readonly Align[]): string {
  const cells = [headers, ...rows].map((row) => row.map(clean));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => (align[i] === 'right' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The CLI's human output: headline, then checks, services, worst offenders and changes as tables. */
export function renderTextReport(summary: RunSummary): string {
  const deltas = new Map(summary.changes?.checks.map((c) => [c.check, c.deltaPct]) ?? []);
  const severities = [...SEVERITIES]
    .reverse()
    .map((s) => `${formatCount(summary.bySeverity[s])} ${SEVERITY_LABELS[s].toLowerCase()}`)
    .join(', ');
  const checks = textTable(
    ['CHECK', 'NAME', 'FAILING', 'PASSING', 'STATUS', ...(summary.changes ? ['CHANGE'] : [])],
    summary.checks.map((c) => [
      c.title,
      c.check,
      formatCount(c.failing),
      formatPct(c.compliancePct),
      complianceStatus(c.compliancePct).word,
      ...(summary.changes ? [formatDelta(deltas.get(c.check) ?? null)] : []),
    ]),
    ['left', 'left', 'right', 'right', 'left', 'right'],
  );
  const services = textTable(
    ['SERVICE', 'AUDITED', 'FAILING', 'PASSING'],
    summary.services.map((s) => [
      s.service,
      formatCount(s.audited),
      formatCount(s.failing),
      formatPct(s.compliancePct),
    ]),
    ['left', 'right', 'right', 'right'],
  );
  const offenders = textTable(
    ['INSTANCE', 'SERVICE', 'ZONE', 'WORST', 'FINDINGS', 'URGENT', 'CHECKS'],
    summary.worstOffenders.map((o) => [
      o.instanceId,
      o.service,
      o.zone,
      SEVERITY_LABELS[o.worstSeverity].toLowerCase(),
      formatCount(o.findings),
      o.urgent ? 'yes' : 'no',
      o.checks.join(', '),
    ]),
    ['left', 'left', 'left', 'left', 'right', 'left', 'left'],
  );
  return [
    clean(headline(summary)),
    `Findings: ${severities}.`,
    '',
    checks,
    '',
    services,
    '',
    summary.worstOffenders.length === 0 ? 'No instance has a finding.' : `Worst offenders\n${offenders}`,
    ...changeLines(summary),
    '',
  ].join('\n');
}

function changeLines(summary: RunSummary): string[] {
  const changes = summary.changes;
  if (changes === null) return ['', 'First run: nothing to compare with.'];
  const lines = [
    '',
    `Since the last run: ${formatPct(changes.previousPassRatePct)} -> ${formatPct(summary.passRatePct)} ` +
      `passed every check (${formatDelta(changes.passRateDeltaPct)}).`,
  ];
  if (changes.newlyFailing.length > 0) lines.push(`Started failing: ${changes.newlyFailing.join(', ')}.`);
  if (changes.newlyPassing.length > 0) lines.push(`Now fully passing: ${changes.newlyPassing.join(', ')}.`);
  return lines.map(clean);
}
