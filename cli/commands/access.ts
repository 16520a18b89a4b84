/** warden audit-log: who called the operator door, with what role, asking what, and how it ended. */
import type { OperatorAuditEntry } from '../../shared/adapters/dynamo/operator-audit-log.ts';
import type { TrailCall } from '../../shared/domain/access/audit-trail.ts';
import { table } from '../format.ts';
import { callOperator } from '../operator-call.ts';
import type { CliCommand } from './types.ts';

/** `assumed-role/AWSReservedSSO_Operator_abc/alice@example.com` from its full ARN: enough to tell people apart. */
export function shortPrincipal(arn: string): string {
  const match = /^arn:aws[a-z-]*:(?:iam|sts)::\d{12}:(.+)$/.exec(arn);
  return match?.[1] ?? arn;
}

export const auditLogCli: CliCommand = {
  name: 'audit-log',
  usage: 'warden audit-log [--since 2h] [--actor ARN] [--command C] [--json]',
  summary: "the operator's audit log: every call (reads, changes, refusals) with its principal, role and outcome",
  examples: ['warden audit-log --since 1h', 'warden audit-log --since 7d --command freeze --json'],
  options: { since: { type: 'string' }, actor: { type: 'string' }, command: { type: 'string' } },
  async run({ target, print, json, values, ui }) {
    const input = {
      since: values.since ?? '24h',
      ...(values.actor === undefined ? {} : { actor: values.actor }),
      ...(values.command === undefined ? {} : { command: values.command }),
    };
    const calls = (await callOperator(target, 'audit-log', input)) as TrailCall<OperatorAuditEntry>[];
    if (json) return print(JSON.stringify(calls));
    if (calls.length === 0) return print(`no calls since ${input.since}`);
    print(table(
      ['at', 'principal', 'role', 'command', 'outcome', 'why', 'error'],
      calls.map((c) => [
        ui.time(c.at),
        shortPrincipal(c.principal),
        c.role,
        `${c.command}${c.breakGlass === true ? ' (BREAK GLASS)' : ''}`,
        c.outcome === 'unknown' ? ui.paint('red', 'no outcome (crashed midway?)') : ui.state(c.outcome),
        [c.reason, c.ticket === undefined ? undefined : `ticket ${c.ticket}`].filter(Boolean).join('; '),
        c.error ?? '',
      ]),
    ));
  },
};
