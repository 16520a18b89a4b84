/** warden status | list | show | transition */
import type { FleetCounts } from '../../shared/adapters/dynamo/instance-queries.ts';
import type { HistoryEntry, Instance } from '../../shared/domain/instance.ts';
import { LIFECYCLE_STATES, SERVICES, type LifecycleState } from '../../shared/domain/instance.ts';
import type { FreezeRecord } from '../../shared/adapters/dynamo/freeze-store.ts';
import { transitionRequirement } from '../../shared/domain/access/policy.ts';
import { isForcible, isLegalTransition, LEAVING_SERVICE } from '../../shared/domain/lifecycle.ts';
import { printPreview } from '../dry-run.ts';
import { table } from '../format.ts';
import { callOperator, changeOptions } from '../operator-call.ts';
import { CliError } from '../target.ts';
import { detectionLines } from './detection.ts';
import { CHANGE_OPTIONS, type CliCommand } from './types.ts';

export const statusCli: CliCommand = {
  name: 'status',
  usage: 'warden status [--json]',
  summary: 'totals by state, for the fleet and per service, and whether detection is holding',
  examples: ['warden status', 'warden status --json', 'warden status --stage prod --region eu-west-1'],
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
  examples: ['warden list --state available --service redis --limit 5', 'warden list --state unavailable --json'],
  options: { state: { type: 'string' }, service: { type: 'string' }, limit: { type: 'string' } },
  async run({ target, print, json, values, ui }) {
    const input: Record<string, unknown> = {};
    if (values.state !== undefined) input.state = values.state;
    if (values.service !== undefined) input.service = values.service;
    if (values.limit !== undefined) input.limit = Number(values.limit);
    const instances = (await callOperator(target, 'list', input)) as Instance[];
    if (json) return print(JSON.stringify(instances));
    print(table(
      ['id', 'service', 'state', 'since', 'zone', 'role', 'image', 'version'],
      instances.map((i) => [i.id, i.service, ui.state(i.state), ui.time(i.stateSince), i.zone, i.role.kind, `${i.image.name}:${i.image.version}`, i.version]),
    ));
  },
};

export const showCli: CliCommand = {
  name: 'show',
  usage: 'warden show ID [--json]',
  summary: 'one instance and its history, newest first',
  examples: ['warden show pg-00001-1', 'warden show pg-00001-1 --json'],
  options: {},
  positionals: ['ID'],
  async run({ target, print, json, positionals, ui }) {
    const shown = (await callOperator(target, 'show', { instanceId: positionals[0] })) as { instance: Instance; history: HistoryEntry[] };
    if (json) return print(JSON.stringify(shown));
    const i = shown.instance;
    const facts = [
      `${ui.paint('bold', i.id)}  ${i.service} ${i.plan}  ${ui.state(i.state)} since ${ui.time(i.stateSince)} (v${i.version})`,
      `zone ${i.zone} (${i.region}), cell ${i.cellId}, ${i.role.kind}${i.role.cluster ? ` of ${i.role.cluster}` : ''}, image ${i.image.name}:${i.image.version}`,
    ];
    const conditions = Object.entries(i.conditions ?? {});
    if (conditions.length > 0) facts.push(`conditions: ${conditions.map(([name, c]) => `${ui.paint('yellow', name)} (since ${ui.time(c.raisedAt)}, ${c.source})`).join('; ')}`);
    print(`${facts.join('\n')}\n\n${table(
      ['at', 'from', 'to', 'actor', 'reason', 'cause'],
      shown.history.map((e) => [ui.time(e.at), e.from ?? '-', ui.state(e.to), `${e.actor.kind}:${e.actor.id}`, e.reason, `${e.cause.kind}:${e.cause.id}`]),
    )}`);
  },
};

export const transitionCli: CliCommand = {
  name: 'transition',
  usage: 'warden transition ID STATE --reason TEXT [--ticket REF] [--break-glass] [--actor NAME] [--dry-run] [--yes]',
  summary: 'a manual transition; one the table forbids, or inside a freeze, needs breakglass with --break-glass --ticket',
  examples: [
    'warden transition pg-00001-1 restart --reason "checking the restart path"',
    'warden transition pg-00001-1 retiring --reason "decommissioning orders-v1" --ticket CHG-42 --dry-run',
  ],
  options: { ...CHANGE_OPTIONS, 'break-glass': { type: 'boolean' } },
  positionals: ['ID', 'STATE'],
  required: ['reason'],
  confirm: ({ positionals: [id, to] }) => (LEAVING_SERVICE.has(to as LifecycleState) ? `take ${id} out of service (to ${to})` : undefined),
  async preview(ctx) {
    const [instanceId = '', to = ''] = ctx.positionals;
    if (!(LIFECYCLE_STATES as readonly string[]).includes(to)) throw new CliError(`unknown state "${to}"; the states are ${LIFECYCLE_STATES.join(', ')}`, 2);
    const [{ instance }, freezes] = await Promise.all([
      callOperator(ctx.target, 'show', { instanceId, limit: 1 }) as Promise<{ instance: Instance }>,
      callOperator(ctx.target, 'freezes', {}) as Promise<FreezeRecord[]>,
    ]);
    const state = to as LifecycleState;
    if (!isLegalTransition(instance.state, state) && !isForcible(instance.state, state)) {
      throw new CliError(`dry run: ${instanceId} cannot go from ${instance.state} to ${to}, not even through break glass; nothing was changed`);
    }
    const needs = transitionRequirement(instance, state, freezes, ctx.io.now());
    return printPreview(ctx, {
      would: [`move ${instanceId} from ${instance.state} to ${to} (version ${instance.version} to ${instance.version + 1}), recorded in its history`],
      needs,
      details: { instanceId, from: instance.state, to, version: instance.version },
    });
  },
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
