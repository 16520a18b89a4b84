/** The audit report: summarise a run's findings, then render it for a browser or a terminal. */
export { summarizeRun, TOP_OFFENDERS, type SummaryInput } from './summarize.ts';
export { renderHtmlReport, type ReportMeta } from './html.ts';
export { renderTextReport } from './text.ts';
export { headline } from './wording.ts';
export type {
  AuditedCounts,
  CheckChange,
  CheckInfo,
  CheckSummary,
  Offender,
  RunChanges,
  RunSummary,
  ServiceSummary,
  SeverityCounts,
} from './types.ts';
