import { escapeHtml } from './escape.ts';
import { list, section, table, type Html } from './html-parts.ts';
import type { RunSummary } from '../domain/compliance/types.ts';
import { formatCount, formatDelta, formatPct, SERVICE_WORDS, SEVERITY_LABELS } from './wording.ts';

const OFFENDERS = 'Instances that need the most attention';
const CHANGES = 'Changes since the last run';

export function offendersSection(summary: RunSummary): Html {
  if (summary.worstOffenders.length === 0) return section(OFFENDERS, '<p>None: no instance has a problem.</p>');
  const titles = new Map(summary.checks.map((c) => [c.check, c.title]));
  const rows = summary.worstOffenders.map((o) => [
    `<code>${escapeHtml(o.instanceId)}</code>`,
    escapeHtml(SERVICE_WORDS[o.service]),
    escapeHtml(o.zone),
    `<span class="status sev-${o.worstSeverity}">${escapeHtml(SEVERITY_LABELS[o.worstSeverity])}</span>`,
    escapeHtml(formatCount(o.findings)),
    o.urgent ? 'Yes, urgent' : 'No',
    o.checks.map((name) => escapeHtml(titles.get(name) ?? name)).join('<br>'),
  ]);
  const headers = ['Instance', 'Service', 'Zone', 'Most serious problem', 'Problems', 'Urgent', 'Checks failed'];
  return section(OFFENDERS, table(headers, rows));
}

export function changesSection(summary: RunSummary): Html {
  const changes = summary.changes;
  if (changes === null) return section(CHANGES, '<p>This is the first run, so there is nothing to compare with.</p>');
  const titles = new Map(summary.checks.map((c) => [c.check, c.title]));
  const named = (names: string[]) => list(names.map((name) => titles.get(name) ?? name));
  const overall = escapeHtml(
    `Last run ${formatPct(changes.previousPassRatePct)} of instances passed every check; ` +
      `now ${formatPct(summary.passRatePct)} (${formatDelta(changes.passRateDeltaPct)}).`,
  );
  const failing = changes.newlyFailing.length === 0 ? '' : `<h3>Started failing</h3>${named(changes.newlyFailing)}`;
  const passing = changes.newlyPassing.length === 0 ? '' : `<h3>Now fully passing</h3>${named(changes.newlyPassing)}`;
  const rows = changes.checks.map((c) => [
    escapeHtml(c.title),
    c.previousPct === null ? 'did not run' : escapeHtml(formatPct(c.previousPct)),
    escapeHtml(formatPct(c.currentPct)),
    escapeHtml(formatDelta(c.deltaPct)),
  ]);
  const perCheck = table(['Check', 'Last run', 'This run', 'Change'], rows);
  return section(CHANGES, `<p>${overall}</p>${failing}${passing}${perCheck}`);
}
