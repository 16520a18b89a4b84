/**
 * Imported first by twin/run.ts: the functions' logger reads its level when its module loads, and a twin of a
 * million instances would otherwise print every invocation's structured log lines.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
