/**
 * `warden report automation`: the return on automation as text for a terminal and as ONE self-contained HTML page
 * (inline CSS and SVG charts, no script or outside link), from the figures of shared/domain/remediation/automation-report.ts.
 */
import type { AutomationReport } from '../domain/remediation/automation-report.ts';
import { escapeHtml } from './escape.ts';
import { section, table } from './html-parts.ts';
import { STYLE } from './html-style.ts';
import { barChart } from './svg.ts';

const num = (n: number) => n.toLocaleString('en-US');

/** "4 min", "1.5 h", "-" for no value. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

const lastDays = (days: number) => (days === 1 ? 'the last day' : `the last ${days} days`);

export function automationHeadline(r: AutomationReport): string {
  const c = r.conditions;
  const ended = c.fixedWithoutHuman + c.escalated + c.failed;
  if (ended === 0) return `No remediation ended in ${lastDays(r.window.days)}.`;
  return `In ${lastDays(r.window.days)} automation fixed ${num(c.fixedWithoutHuman)} of ${num(ended)} conditions without waking anyone (${c.automationRatePct}%), saving about ${r.hoursSaved} engineer-hours.`;
}

export function renderAutomationText(r: AutomationReport): string {
  const c = r.conditions;
  const lines = [
    automationHeadline(r),
    '',
    `conditions remediated  ${c.total}: fixed without a human ${c.fixedWithoutHuman}, escalated ${c.escalated}, failed ${c.failed}, cleared by themselves ${c.clearedBySelf}, still open ${c.open}`,
    `pages                  ${r.pages.total} (${r.pages.escalatedTasks} escalated tasks, ${r.pages.incidents} incidents)`,
    `time to recover        p50 ${duration(r.timeToRecoverSeconds.p50)}, p90 ${duration(r.timeToRecoverSeconds.p90)} (over ${r.timeToRecoverSeconds.count} fixes)`,
    `engineer-hours saved   ${r.hoursSaved} (the fixes' actions, priced per action below; change with --minutes restart=20,...)`,
    '',
    'actions in fixes without a human:',
    ...(r.actions.length === 0 ? ['  none'] : r.actions.map((a) => `  ${a.kind.padEnd(20)} ${String(a.count).padStart(6)} x ${a.minutesEach} min = ${(a.minutesSaved / 60).toFixed(1)} h`)),
  ];
  if (r.byCondition.length > 0) {
    lines.push('', 'by condition (fixed / escalated / failed):', ...r.byCondition.map((b) => `  ${b.condition.padEnd(24)} ${b.fixed} / ${b.escalated} / ${b.failed}`));
  }
  return lines.join('\n');
}

export function renderAutomationHtml(r: AutomationReport, fleetName: string): string {
  const c = r.conditions;
  const title = `The return on automation for ${fleetName}`;
  const figures = [
    [num(c.fixedWithoutHuman), 'conditions fixed without a human'],
    [num(c.escalated + c.failed), 'handed to a human'],
    [num(r.pages.total), 'pages sent'],
    [`${r.hoursSaved} h`, 'engineer time saved (estimate)'],
  ];
  const outcomes = barChart('Conditions by outcome', [
    { label: 'Fixed without a human', value: c.fixedWithoutHuman, text: num(c.fixedWithoutHuman), tone: 'good' },
    { label: 'Escalated to a human', value: c.escalated, text: num(c.escalated), tone: 'bad' },
    { label: 'Failed (could not run)', value: c.failed, text: num(c.failed), tone: 'bad' },
    { label: 'Cleared by themselves', value: c.clearedBySelf, text: num(c.clearedBySelf), tone: 'neutral' },
    { label: 'Still open', value: c.open, text: num(c.open), tone: 'warn' },
  ], Math.max(1, c.fixedWithoutHuman, c.escalated, c.failed, c.clearedBySelf, c.open));
  const maxActions = Math.max(1, ...r.actions.map((a) => a.minutesSaved));
  const actions = r.actions.length === 0
    ? '<p>No action was needed: nothing was fixed in this window.</p>'
    : barChart('Engineer time saved by action', r.actions.map((a) => ({ label: a.kind, value: a.minutesSaved, text: `${num(a.count)} x ${a.minutesEach} min = ${(a.minutesSaved / 60).toFixed(1)} h`, tone: 'good' as const })), maxActions) +
      table(['Action', 'Times', 'Minutes each (by hand)', 'Hours saved'], r.actions.map((a) => [escapeHtml(a.kind), num(a.count), num(a.minutesEach), (a.minutesSaved / 60).toFixed(1)]));
  const byCondition = r.byCondition.length === 0 ? '' : section('By condition', table(
    ['Condition', 'Fixed without a human', 'Escalated', 'Failed'],
    r.byCondition.map((b) => [`<code>${escapeHtml(b.condition)}</code>`, num(b.fixed), num(b.escalated), num(b.failed)]),
  ));
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>`,
    `<header><p class="eyebrow">${escapeHtml(title)}</p><h1>${escapeHtml(automationHeadline(r))}</h1>`,
    `<p class="meta">From ${escapeHtml(r.window.from.slice(0, 16).replace('T', ' '))} UTC to ${escapeHtml(r.window.to.slice(0, 16).replace('T', ' '))} UTC, from the remediation tasks in the ledger.</p></header>`,
    `<section class="figures">${figures.map(([n, what]) => `<div class="figure"><strong>${escapeHtml(n ?? '')}</strong>${escapeHtml(what ?? '')}</div>`).join('')}</section>`,
    section('What happened to each condition', `<p>Every condition a remediation task took on in the window (dry runs left out). ${c.automationRatePct === null ? '' : `${c.automationRatePct}% of those that ended were fixed without a human.`}</p>${outcomes}`),
    section('How fast things recovered', `<p>From the condition being raised to its fix being verified, for the ${num(r.timeToRecoverSeconds.count)} fixes without a human: half recovered within <strong>${escapeHtml(duration(r.timeToRecoverSeconds.p50))}</strong>, nine in ten within <strong>${escapeHtml(duration(r.timeToRecoverSeconds.p90))}</strong>.</p>`),
    section('Pages', `<p>${num(r.pages.total)} pages: ${num(r.pages.escalatedTasks)} for escalated remediations and ${num(r.pages.incidents)} for mass-event incidents.</p>`),
    section('The work automation did instead of an engineer', `<p>Each action in a fix without a human is priced at the minutes an engineer would have spent on it by hand (stated below; <code>--minutes restart=20,replace=90</code> changes them).</p>${actions}`),
    byCondition,
    '</main></body></html>',
  ].join('\n');
}
