/** The audit report: render a run's summary (shared/domain/compliance) for a browser or a terminal. */
export { renderHtmlReport, type ReportMeta } from './html.ts';
export { renderTextReport } from './text.ts';
export { headline } from './wording.ts';
