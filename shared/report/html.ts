import { escapeHtml } from './escape.ts';
import { checksSection, servicesSection, severitySection } from './html-sections.ts';
import { changesSection, offendersSection } from './html-tables.ts';
import { STYLE } from './html-style.ts';
import type { RunSummary } from '../domain/compliance/types.ts';
import { formatCount, headline } from './wording.ts';

export interface ReportMeta {
  runId: string;
  /** ISO-8601 times of the run. */
  startedAt: string;
  finishedAt: string;
  fleetName: string;
}

/**
 * The audit report as ONE self-contained HTML page: inline CSS and inline SVG charts, no script, font,
 * image or link to anything outside, so it opens offline and can be mailed as an attachment. Written for
 * readers who are not engineers; every status has words beside its colour; every outside string
 * (instance ids, zones, titles, meta) is escaped.
 */
export function renderHtmlReport(summary: RunSummary, meta: ReportMeta): string {
  const title = `Compliance report for ${meta.fleetName}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>`,
    `<header><p class="eyebrow">${escapeHtml(title)}</p><h1>${escapeHtml(headline(summary))}</h1>`,
    `<p class="meta">${runLine(meta)}</p></header>`,
    keyFigures(summary),
    checksSection(summary),
    servicesSection(summary),
    severitySection(summary),
    offendersSection(summary),
    changesSection(summary),
    '</main></body></html>',
  ].join('\n');
}

function runLine(meta: ReportMeta): string {
  const minutes = (Date.parse(meta.finishedAt) - Date.parse(meta.startedAt)) / 60_000;
  const took = Number.isFinite(minutes) && minutes >= 0 ? `, taking ${formatDuration(minutes)}` : '';
  return (
    `Audit run <code>${escapeHtml(meta.runId)}</code>, from ${escapeHtml(readableTime(meta.startedAt))} ` +
    `to ${escapeHtml(readableTime(meta.finishedAt))}${escapeHtml(took)}.`
  );
}

/** "2026-03-08 03:00 UTC"; a time that does not parse is shown as given. */
function readableTime(iso: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function formatDuration(minutes: number): string {
  if (minutes < 1) return 'under a minute';
  if (minutes < 120) return `${Math.round(minutes)} min`;
  return `${(minutes / 60).toFixed(1)} h`;
}

function keyFigures(summary: RunSummary): string {
  const figure = (value: number, label: string) =>
    `<div class="figure"><strong>${escapeHtml(formatCount(value))}</strong><span>${escapeHtml(label)}</span></div>`;
  return (
    '<section class="figures">' +
    figure(summary.instancesAudited, 'instances checked') +
    figure(summary.instancesPassing, 'passed every check') +
    figure(summary.instancesAudited - summary.instancesPassing, 'have at least one problem') +
    figure(summary.urgentInstances, 'need urgent attention') +
    '</section>'
  );
}
