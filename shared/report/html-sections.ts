import { SEVERITIES } from '../domain/audits/finding.ts';
import { escapeHtml } from './escape.ts';
import { section, status, table, type Html } from './html-parts.ts';
import { barChart, type Bar } from './svg.ts';
import type { RunSummary } from '../domain/compliance/types.ts';
import {
  complianceStatus,
  FAMILY_WORDS,
  formatCount,
  formatPct,
  SERVICE_WORDS,
  SEVERITY_LABELS,
  SEVERITY_MEANINGS,
} from './wording.ts';

const SEVERITY_TONE = { critical: 'bad', high: 'bad', medium: 'warn', low: 'neutral' } as const;

function complianceBar(label: string, pct: number, text: string): Bar {
  return { label, value: pct, text, tone: complianceStatus(pct).tone };
}

/** Compliance per check: a bar chart, then a table with each check's technical name under its title. */
export function checksSection(summary: RunSummary): Html {
  const bars = summary.checks.map((c) => {
    const text = `${formatPct(c.compliancePct)} (${complianceStatus(c.compliancePct).word})`;
    return complianceBar(c.title, c.compliancePct, text);
  });
  const rows = summary.checks.map((c) => [
    `${escapeHtml(c.title)}<br><code>${escapeHtml(c.check)}</code>`,
    escapeHtml(FAMILY_WORDS[c.family]),
    escapeHtml(formatCount(c.failing)),
    escapeHtml(formatPct(c.compliancePct)),
    status(c.compliancePct),
  ]);
  return section(
    'How each check did',
    '<p>The share of instances that passed each check. 100% means every instance passed.</p>' +
      barChart('Share of instances passing each check', bars, 100) +
      table(['Check', 'Area', 'Instances failing', 'Passing', 'Status'], rows),
  );
}

/** Per service: the share of its instances that passed every check. */
export function servicesSection(summary: RunSummary): Html {
  const heading = 'By kind of service';
  if (summary.services.length === 0) return section(heading, '<p>No instances were audited.</p>');
  const bars = summary.services.map((s) => {
    const text = `${formatPct(s.compliancePct)} of ${formatCount(s.audited)}`;
    return complianceBar(SERVICE_WORDS[s.service], s.compliancePct, text);
  });
  const rows = summary.services.map((s) => [
    escapeHtml(SERVICE_WORDS[s.service]),
    escapeHtml(formatCount(s.audited)),
    escapeHtml(formatCount(s.failing)),
    escapeHtml(formatPct(s.compliancePct)),
    status(s.compliancePct),
  ]);
  return section(
    heading,
    '<p>The share of each kind of instance that passed every check.</p>' +
      barChart('Share of instances passing every check, by service', bars, 100) +
      table(['Service', 'Audited', 'With a problem', 'Passed everything', 'Status'], rows),
  );
}

/** Problems found at each severity, most serious first, with what each severity asks of the reader. */
export function severitySection(summary: RunSummary): Html {
  const ordered = [...SEVERITIES].reverse();
  const max = Math.max(...ordered.map((s) => summary.bySeverity[s]));
  const bars: Bar[] = ordered.map((s) => {
    const count = summary.bySeverity[s];
    const text = `${formatCount(count)} problem${count === 1 ? '' : 's'}`;
    return { label: SEVERITY_LABELS[s], value: count, text, tone: SEVERITY_TONE[s] };
  });
  const legend = ordered
    .map((s) => `<li><strong>${escapeHtml(SEVERITY_LABELS[s])}</strong>: ${escapeHtml(SEVERITY_MEANINGS[s])}</li>`)
    .join('');
  return section(
    'Problems by how serious they are',
    barChart('Number of problems found at each severity', bars, max) + `<ul class="legend">${legend}</ul>`,
  );
}
