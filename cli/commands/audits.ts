/** warden audit run | status [RUN] | report [RUN] [--json | --html FILE] */
import { writeFileSync } from 'node:fs';
import { renderHtmlReport, renderTextReport } from '../../shared/report/index.ts';
import type { RunReport, RunStatusView } from '../../shared/usecases/audits/reports.ts';
import { callOperator, changeOptions } from '../operator-call.ts';
import { CliError } from '../target.ts';
import { CHANGE_OPTIONS, type CliCommand, type CliRun } from './types.ts';

const USAGE = 'warden audit run|status [RUN]|report [RUN] [--json | --html FILE]';

export const auditCli: CliCommand = {
  name: 'audit',
  usage: USAGE,
  summary: 'compliance audits: start a run, follow it, read its report (latest run by default)',
  options: { html: { type: 'string' }, ...CHANGE_OPTIONS },
  positionals: ['ACTION...'],
  async run(ctx) {
    const [action, runId, extra] = ctx.positionals;
    if (extra !== undefined || (action === 'run' && runId !== undefined)) usage(`unexpected argument "${extra ?? runId ?? ''}"`);
    if (ctx.values.html !== undefined && (action !== 'report' || ctx.json)) usage('--html goes with `audit report`, without --json');
    if (action === 'run') return startRun(ctx);
    if (action === 'status') return status(ctx, runId);
    if (action === 'report') return report(ctx, runId);
    usage(`unknown audit action "${action ?? ''}"`);
  },
};

function usage(problem: string): never {
  throw new CliError(`${problem}\nusage: ${USAGE}`, 2);
}

const input = (runId: string | undefined) => (runId === undefined ? {} : { runId });

async function startRun({ target, print, json, values }: CliRun) {
  const reason = values.reason ?? 'on-demand compliance audit';
  const out = (await callOperator(target, 'audit-run', {}, { ...changeOptions(values), reason })) as {
    runId: string;
    outcome: string;
    segments: number;
  };
  if (json) return print(JSON.stringify(out));
  print(`${out.runId} ${out.outcome} over ${out.segments} segments; follow it with: warden audit status ${out.runId}`);
}

async function status({ target, print, json }: CliRun, runId: string | undefined) {
  const run = (await callOperator(target, 'audit-status', input(runId))) as RunStatusView;
  if (json) return print(JSON.stringify(run));
  const lines = [
    `${run.runId}  ${run.status}  (${run.trigger}: ${run.requestedBy})`,
    `started ${run.startedAt}${run.finishedAt ? `, finished ${run.finishedAt}` : ''}`,
    `segments done: ${run.completedShards} of ${run.totalSegments}`,
  ];
  if (run.instancesAudited !== undefined) {
    lines.push(`audited ${run.instancesAudited} instances: ${run.findings} findings, ${run.passRatePct}% passed every check`);
  }
  if (run.totals !== undefined) lines.push(`conditions raised: ${run.totals.conditionsRaised} (${run.totals.leftToRolls} findings left to advisory rolls)`);
  print(lines.join('\n'));
}

async function report({ target, print, json, values }: CliRun, runId: string | undefined) {
  const out = (await callOperator(target, 'audit-report', input(runId))) as RunReport;
  if (json) return print(JSON.stringify(out));
  if (values.html !== undefined) {
    const html = renderHtmlReport(out.summary, { runId: out.runId, startedAt: out.startedAt, finishedAt: out.finishedAt, fleetName: `Fleetwarden (${target.describe})` });
    writeFileSync(values.html, html);
    return print(`wrote the report of ${out.runId} to ${values.html} (${Buffer.byteLength(html)} bytes, self-contained)`);
  }
  print(`Audit run ${out.runId}, ${out.startedAt} to ${out.finishedAt}; ${out.totals.conditionsRaised} conditions raised\n${renderTextReport(out.summary)}`);
}
