/** warden audit run | status [RUN] | report [RUN] [--json | --html FILE] */
import { writeFileSync } from 'node:fs';
import { renderHtmlReport, renderTextReport } from '../../shared/report/index.ts';
import type { RunReport, RunStatusView } from '../../shared/usecases/audits/reports.ts';
import { callOperator, changeOptions } from '../operator-call.ts';
import type { FleetCounts } from '../../shared/adapters/dynamo/instance-queries.ts';
import { printPreview } from '../dry-run.ts';
import { CliError } from '../target.ts';
import { progressBar, REDRAW_LINE } from '../terminal.ts';
import { CHANGE_OPTIONS, type CliCommand, type CliRun } from './types.ts';

const USAGE = 'warden audit run [--wait] [--dry-run] | status [RUN] | report [RUN] [--json | --html FILE]';
/** How often `audit run --wait` asks how far the run has come. */
const WAIT_POLL_MS = Number(process.env.WARDEN_POLL_MS ?? 2000);

export const auditCli: CliCommand = {
  name: 'audit',
  usage: USAGE,
  summary: 'compliance audits: start a run (--wait: with a progress bar), follow it, read its report (latest run by default)',
  examples: ['warden audit run --wait', 'warden audit status', 'warden audit report --html audit.html', 'warden audit run --dry-run'],
  options: { html: { type: 'string' }, wait: { type: 'boolean' }, ...CHANGE_OPTIONS },
  positionals: ['ACTION...'],
  async preview(ctx) {
    if (ctx.positionals[0] !== 'run') return false;
    const [counts, latest] = await Promise.all([
      callOperator(ctx.target, 'status', {}) as Promise<FleetCounts>,
      (callOperator(ctx.target, 'audit-status', {}) as Promise<RunStatusView>).catch(() => undefined),
    ]);
    const running = latest?.status === 'running' ? latest : undefined;
    return printPreview(ctx, {
      would: [running === undefined
        ? `start a compliance audit of the whole fleet (${counts.total} instances), fanned out over scan segments`
        : `change nothing: run ${running.runId} is still running (${running.completedShards} of ${running.totalSegments} segments); follow it with: warden audit status`],
      needs: { role: 'operator', what: 'starting an audit run' },
      details: { instances: counts.total, running: running?.runId ?? null },
    });
  },
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

async function startRun(ctx: CliRun) {
  const { target, print, json, values } = ctx;
  const reason = values.reason ?? 'on-demand compliance audit';
  const out = (await callOperator(target, 'audit-run', {}, { ...changeOptions(values), reason })) as {
    runId: string;
    outcome: string;
    segments: number;
  };
  if (ctx.flags.wait !== true) {
    if (json) return print(JSON.stringify(out));
    return print(`${out.runId} ${out.outcome} over ${out.segments} segments; follow it with: warden audit status ${out.runId}`);
  }
  if (!json) print(`${out.runId} ${out.outcome} over ${out.segments} segments`);
  const done = await waitForRun(ctx, out.runId);
  if (json) return print(JSON.stringify(done));
  print(statusLines(done, ctx).join('\n'));
}

/** Follows a run until it completes: a bar redrawn in place on a terminal, a line per change when piped. */
async function waitForRun(ctx: CliRun, runId: string): Promise<RunStatusView> {
  let shown = -1;
  for (;;) {
    const run = (await callOperator(ctx.target, 'audit-status', { runId })) as RunStatusView;
    if (!ctx.json && run.completedShards !== shown) {
      const bar = `segments ${progressBar(run.completedShards, run.totalSegments)}`;
      if (ctx.io.tty) ctx.io.write(`${REDRAW_LINE}${bar}`);
      else ctx.print(bar);
      shown = run.completedShards;
    }
    if (run.status === 'completed') {
      if (ctx.io.tty && !ctx.json) ctx.io.write('\n');
      return run;
    }
    await ctx.io.sleep(WAIT_POLL_MS);
  }
}

async function status(ctx: CliRun, runId: string | undefined) {
  const run = (await callOperator(ctx.target, 'audit-status', input(runId))) as RunStatusView;
  if (ctx.json) return ctx.print(JSON.stringify(run));
  ctx.print(statusLines(run, ctx).join('\n'));
}

function statusLines(run: RunStatusView, { ui }: CliRun): string[] {
  const lines = [
    `${ui.paint('bold', run.runId)}  ${run.status === 'completed' ? ui.paint('green', run.status) : ui.paint('yellow', run.status)}  (${run.trigger}: ${run.requestedBy})`,
    `started ${ui.time(run.startedAt)}${run.finishedAt ? `, finished ${ui.time(run.finishedAt)}` : ''}`,
    `segments done: ${progressBar(run.completedShards, run.totalSegments)}`,
  ];
  if (run.instancesAudited !== undefined) {
    lines.push(`audited ${run.instancesAudited} instances: ${run.findings} findings, ${run.passRatePct}% passed every check`);
  }
  if (run.totals !== undefined) lines.push(`conditions raised: ${run.totals.conditionsRaised} (${run.totals.leftToRolls} findings left to advisory rolls)`);
  return lines;
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
