/** warden report automation [--days 30] [--minutes KIND=N,...] [--json | --html FILE] */
import { writeFileSync } from 'node:fs';
import type { AutomationReport } from '../../shared/domain/remediation/automation-report.ts';
import { renderAutomationHtml, renderAutomationText } from '../../shared/report/automation.ts';
import { callOperator } from '../operator-call.ts';
import { CliError } from '../target.ts';
import type { CliCommand } from './types.ts';

const USAGE = 'warden report automation [--days 30] [--minutes restart=20,replace=60] [--json | --html FILE]';

/** `restart=20,replace=90` -> `{ restart: 20, replace: 90 }`. */
export function parseMinutes(text: string | undefined): Record<string, number> {
  if (text === undefined) return {};
  const out: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([a-z][a-z-]*)=(\d+(?:\.\d+)?)$/.exec(part);
    if (match?.[1] === undefined) throw new CliError(`--minutes "${part}": give ACTION=MINUTES, e.g. restart=20\nusage: ${USAGE}`, 2);
    out[match[1]] = Number(match[2]);
  }
  return out;
}

export const reportCli: CliCommand = {
  name: 'report',
  usage: USAGE,
  summary: 'the return on automation from the ledger: fixed without a human vs escalated, pages, time to recover, actions, engineer-hours saved',
  examples: [
    'warden report automation',
    'warden report automation --days 7 --minutes restart=15,replace=90',
    'warden report automation --html automation.html',
  ],
  options: { days: { type: 'string' }, minutes: { type: 'string' }, html: { type: 'string' } },
  positionals: ['REPORT'],
  async run({ target, print, json, values, positionals }) {
    if (positionals[0] !== 'automation') throw new CliError(`unknown report "${positionals[0] ?? ''}"; the reports are: automation\nusage: ${USAGE}`, 2);
    if (values.html !== undefined && json) throw new CliError(`--html and --json go separately\nusage: ${USAGE}`, 2);
    const days = Number(values.days ?? 30);
    if (!Number.isInteger(days) || days < 1 || days > 90) throw new CliError(`--days ${values.days ?? ''}: give whole days from 1 to 90\nusage: ${USAGE}`, 2);
    const report = (await callOperator(target, 'automation-report', { days, minutes: parseMinutes(values.minutes) })) as AutomationReport;
    if (json) return print(JSON.stringify(report));
    if (values.html !== undefined) {
      const html = renderAutomationHtml(report, `Fleetwarden (${target.describe})`);
      writeFileSync(values.html, html);
      return print(`wrote the automation report (${days} days) to ${values.html} (${Buffer.byteLength(html)} bytes, self-contained)`);
    }
    print(renderAutomationText(report));
  },
};
