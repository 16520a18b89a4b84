/** warden status | list | show | transition */
import type { FleetCounts } from '../../shared/adapters/dynamo/instance-queries.ts';
import type { HistoryEntry, Instance } from '../../shared/domain/instance.ts';
import { LIFECYCLE_STATES, SERVICES } from '../../shared/domain/instance.ts';
import { since, table } from '../format.ts';
import { callOperator, changeOptions } from '../operator-call.ts';
import { detectionLines } from './detection.ts';
import { CHANGE_OPTIONS, type CliCommand } from './types.ts';

export const statusCli: CliCommand = {
  name: 'status',
  usage: 'warden status [--json]',
  summary: 'totals by state, for the fleet and per service, and whether detection is holding',
  options: {},
  async run({ target, print, json }) {
    const counts = (await callOperator(target, 'status', {})) as FleetCounts & { detection: Parameters<typeof detectionLines>[0] };
    if (json) return print(JSON.stringify({ total: counts.total, byState: counts.byState, byService: counts.byService, detection: counts.detection }));
    const states = LIFECYCLE_STATES.filter((s) => (counts.byState[s] ?? 0) > 0);
    const rows: (string | number)[][] = SERVICES.map((service) => [service, ...states.map((s) => counts.byService[service]?.[s] ?? 0)]);
    rows.push(['total', ...states.map((s) => counts.byState[s] ?? 0)]);
    print(`${counts.total} instances\n\n${table(['service', ...states], rows)}\n\n${detectionLines(counts.detection, false).join('\n')}`);
  },
};

export const listCli: CliCommand = {
  name: 'list',
  usage: 'warden list [--state STATE] [--service SERVICE] [--limit N] [--json]',
  summary: 'instances, filtered by state and service',
  options: { state: { type: 'string' }, service: { type: 'string' }, limit: { type: 'string' } },
  async run({ target, print, json, values }) {
    const input: Record<string, unknown> = {};
    if (values.state !== undefined) input.state = values.state;
    if (values.service !== undefined) input.service = values.service;
    if (values.limit !== undefined) input.limit = Number(values.limit);
    const instances = (await callOperator(target, 'list', input)) as Instance[];
    if (json) return print(JSON.stringify(instances));
    print(table(
      ['id', 'service', 'state', 'since', 'zone', 'role', 'image', 'version'],
      instances.map((i) => [i.id, i.service, i.state, since(i.stateSince), i.zone, i.role.kind, `${i.image.name}:${i.image.version}`, i.version]),
    ));
  },
};

export const showCli: CliCommand = {
  name: 'show',
  usage: 'warden show ID [--json]',
  summary: 'one instance and its history, newest first',
  options: {},
  positionals: ['ID'],
  async run({ target, print, json, positionals }) {
    const shown = (await callOperator(target, 'show', { instanceId: positionals[0] })) as { instance: Instance; history: HistoryEntry[] };
    if (json) return print(JSON.stringify(shown));
    const i = shown.instance;
    const facts = [
      `${i.id}  ${i.service} ${i.plan}  ${i.state} since ${i.stateSince} (v${i.version})`,
      `zone ${i.zone} (${i.region}), cell ${i.cellId}, ${i.role.kind}${i.role.cluster ? ` of ${i.role.cluster}` : ''}, image ${i.image.name}:${i.image.version}`,
    ];
    const conditions = Object.entries(i.conditions ?? {});
    if (conditions.length > 0) facts.push(`conditions: ${conditions.map(([name, c]) => `${name} (since ${c.raisedAt}, ${c.source})`).join('; ')}`);
    print(`${facts.join('\n')}\n\n${table(
      ['at', 'from', 'to', 'actor', 'reason', 'cause'],
      shown.history.map((e) => [e.at, e.from ?? '-', e.to, `${e.actor.kind}:${e.actor.id}`, e.reason, `${e.cause.kind}:${e.cause.id}`]),
    )}`);
  },
};

export const transitionCli: CliCommand = {
  name: 'transition',
  usage: 'warden transition ID STATE --reason TEXT [--ticket REF] [--break-glass] [--actor NAME]',
  summary: 'a manual transition; one the table forbids, or inside a freeze, needs breakglass with --break-glass --ticket',
  options: { ...CHANGE_OPTIONS, 'break-glass': { type: 'boolean' } },
  positionals: ['ID', 'STATE'],
  required: ['reason'],
  async run({ target, print, json, positionals, values, flags }) {
    const out = (await callOperator(
      target,
      'transition',
      { instanceId: positionals[0], to: positionals[1] },
      changeOptions(values, flags),
    )) as { outcome: string; instance: Instance };
    if (json) return print(JSON.stringify(out));
    print(`${out.instance.id} is now ${out.instance.state} (v${out.instance.version}, ${out.outcome})`);
  },
};
