/** warden freeze | unfreeze | freezes | incidents | incident release|resolve */
import type { FreezeRecord } from '../../shared/adapters/dynamo/freeze-store.ts';
import type { IncidentRecord } from '../../shared/adapters/dynamo/incident-store.ts';
import type { FleetCounts } from '../../shared/adapters/dynamo/instance-queries.ts';
import { freezeRequirement, incidentRequirement, unfreezeRequirement } from '../../shared/domain/access/policy.ts';
import { parseExpiry, parseFreezeScope } from '../../shared/domain/remediation/scope.ts';
import { describeFreezeScope, validateFreeze, type FreezeScope } from '../../shared/domain/safety/freeze.ts';
import { describeScope } from '../../shared/domain/safety/mass-event.ts';
import { checked, printPreview } from '../dry-run.ts';
import { table } from '../format.ts';
import { callOperator, changeOptions } from '../operator-call.ts';
import { CliError } from '../target.ts';
import { CHANGE_OPTIONS, type CliCommand } from './types.ts';

const changes = CHANGE_OPTIONS;

export const freezeCli: CliCommand = {
  name: 'freeze',
  usage: 'warden freeze --scope fleet|service:X|zone:Z|instance:ID --expires 2h --reason TEXT [--actor NAME] [--dry-run] [--yes]',
  summary: 'automation plans but does not act in the scope until the expiry (at most 7 days); an instance or a service for up to a day needs role operator, a zone, the fleet or longer needs breakglass',
  examples: [
    'warden freeze --scope instance:pg-00001-1 --expires 2h --reason "manual failover test"',
    'warden freeze --scope service:redis --expires 30m --reason "redis maintenance CHG-9" --yes',
    'warden freeze --scope zone:us-east-1a --expires 1h --reason "AZ event" --ticket INC-7 --dry-run',
  ],
  options: { scope: { type: 'string' }, expires: { type: 'string' }, ...changes },
  required: ['scope', 'expires', 'reason'],
  confirm: ({ values }) => (/^(fleet|zone:|service:)/.test(values.scope?.trim() ?? '') ? `stop automation acting on ${values.scope} until ${values.expires}` : undefined),
  async preview(ctx) {
    const now = ctx.io.now();
    const scope = checked(() => parseFreezeScope(ctx.values.scope ?? ''));
    const expiresAt = checked(() => parseExpiry(ctx.values.expires ?? '', now));
    checked(() => validateFreeze({ scope, expiresAt, reason: ctx.values.reason ?? '', actor: { kind: 'engineer', id: 'dry-run' } }, now));
    const [counts, inForce] = await Promise.all([
      callOperator(ctx.target, 'status', {}) as Promise<FleetCounts>,
      callOperator(ctx.target, 'freezes', {}) as Promise<FreezeRecord[]>,
    ]);
    const covered = instancesIn(scope, counts);
    return printPreview(ctx, {
      would: [
        `freeze ${describeFreezeScope(scope)} until ${expiresAt}${covered === undefined ? '' : ` (${covered} instances)`}: automation plans there but does not act`,
        ...(inForce.length > 0 ? [`add to ${inForce.length} freeze(s) in force: ${inForce.map((f) => describeFreezeScope(f.scope)).join(', ')}`] : []),
      ],
      needs: freezeRequirement(scope, expiresAt, now),
      details: { scope, expiresAt, instances: covered ?? null },
    });
  },
  async run({ target, print, json, values }) {
    const input = { scope: values.scope, expires: values.expires };
    const out = (await callOperator(target, 'freeze', input, changeOptions(values))) as FreezeRecord;
    if (json) return print(JSON.stringify(out));
    print(`${out.id}: ${describeFreezeScope(out.scope)} frozen until ${out.expiresAt}; lift it early with: warden unfreeze ${out.id} --reason ...`);
  },
};

export const unfreezeCli: CliCommand = {
  name: 'unfreeze',
  usage: 'warden unfreeze FREEZE_ID --reason TEXT [--actor NAME] [--dry-run]',
  summary: 'lift a freeze now; held work resumes at the next planner tick',
  examples: ['warden unfreeze freeze:service=redis:2026-12-06T07:00:00.000Z --reason "maintenance done"   # an id from warden freezes'],
  options: changes,
  positionals: ['FREEZE_ID'],
  required: ['reason'],
  async preview(ctx) {
    const freezeId = ctx.positionals[0] ?? '';
    const found = ((await callOperator(ctx.target, 'freezes', { all: true })) as FreezeRecord[]).find((f) => f.id === freezeId);
    if (found === undefined) throw new CliError(`dry run: no freeze ${freezeId}; see them with: warden freezes --all`);
    const ended = found.liftedAt !== undefined || Date.parse(found.expiresAt) <= ctx.io.now().getTime();
    return printPreview(ctx, {
      would: [ended ? `change nothing: ${freezeId} has ended already` : `lift the freeze of ${describeFreezeScope(found.scope)} (until ${found.expiresAt}); held work resumes at the next planner tick`],
      needs: unfreezeRequirement(found),
      details: { freezeId, scope: found.scope, ended },
    });
  },
  async run({ target, print, json, positionals, values }) {
    const out = (await callOperator(target, 'unfreeze', { freezeId: positionals[0] }, changeOptions(values))) as FreezeRecord;
    if (json) return print(JSON.stringify(out));
    print(`${out.id} lifted at ${out.liftedAt ?? out.expiresAt}`);
  },
};

export const freezesCli: CliCommand = {
  name: 'freezes',
  usage: 'warden freezes [--all] [--json]',
  summary: 'freezes in force (--all: lifted and expired ones too)',
  examples: ['warden freezes', 'warden freezes --all --json'],
  options: { all: { type: 'boolean' } },
  async run({ target, print, json, flags, ui }) {
    const freezes = (await callOperator(target, 'freezes', { all: flags.all === true })) as FreezeRecord[];
    if (json) return print(JSON.stringify(freezes));
    if (freezes.length === 0) return print('no freezes in force');
    print(table(
      ['freeze', 'scope', 'until', 'by', 'reason', 'lifted'],
      freezes.map((f) => [f.id, describeFreezeScope(f.scope), f.expiresAt, f.actor.id, f.reason, f.liftedAt ? `${ui.time(f.liftedAt)} by ${f.liftedBy?.id ?? '?'}` : '']),
    ));
  },
};

export const incidentsCli: CliCommand = {
  name: 'incidents',
  usage: 'warden incidents [--json]',
  summary: 'mass-event incidents: scope, numbers, status',
  examples: ['warden incidents', 'warden incidents --json'],
  options: {},
  async run({ target, print, json, ui }) {
    const incidents = (await callOperator(target, 'incidents', {})) as IncidentRecord[];
    if (json) return print(JSON.stringify(incidents));
    if (incidents.length === 0) return print('no incidents');
    print(table(
      ['incident', 'scope', 'status', 'failed', 'opened', 'paged', 'note'],
      incidents.map((i) => [i.id, describeScope(i.scope), ui.state(i.status), `${i.counts.failed} of ${i.counts.population}`, ui.time(i.openedAt), i.paged ? 'yes' : 'no', i.note ?? '']),
    ));
  },
};

const INCIDENT_USAGE = 'warden incident release|resolve INCIDENT_ID --reason TEXT [--actor NAME] [--dry-run] [--yes]';

export const incidentCli: CliCommand = {
  name: 'incident',
  usage: INCIDENT_USAGE,
  summary: 'release an incident (replacements may run in its scope again) or resolve it',
  examples: [
    'warden incident resolve incident:zone=us-east-1a:2026-12-06T06:12:00.000Z --reason "AZ recovered"   # an id from warden incidents',
    'warden incident release incident:zone=us-east-1a:2026-12-06T06:12:00.000Z --reason "false alarm" --ticket INC-7 --dry-run',
  ],
  options: changes,
  positionals: ['ACTION', 'INCIDENT_ID'],
  required: ['reason'],
  confirm: ({ positionals: [action, id] }) => (action === 'release' ? `release ${id}: automation may replace instances in its scope again` : undefined),
  async preview(ctx) {
    const [action, incidentId] = ctx.positionals;
    const known = action === 'release' || action === 'resolve' ? action : incidentAction(action);
    const found = ((await callOperator(ctx.target, 'incidents', {})) as IncidentRecord[]).find((i) => i.id === incidentId);
    if (found === undefined) throw new CliError(`dry run: no incident ${incidentId ?? ''}; see them with: warden incidents`);
    return printPreview(ctx, {
      would: [`${known} ${found.id} (${describeScope(found.scope)}, ${found.status}, ${found.counts.failed} of ${found.counts.population} failed)${known === 'release' ? ': replacements may run in its scope again' : ''}`],
      needs: incidentRequirement(known),
      details: { incidentId, action: known, status: found.status },
    });
  },
  async run({ target, print, json, positionals, values }) {
    const [action, incidentId] = positionals;
    if (action !== 'release' && action !== 'resolve') incidentAction(action);
    const out = (await callOperator(target, 'incident', { action, incidentId }, changeOptions(values))) as IncidentRecord;
    if (json) return print(JSON.stringify(out));
    print(`${out.id} is ${out.status}; held work in ${describeScope(out.scope)} resumes at the next planner tick`);
  },
};

function incidentAction(action: string | undefined): never {
  throw new CliError(`unknown incident action "${action ?? ''}"\nusage: ${INCIDENT_USAGE}`, 2);
}

/** How many instances a freeze scope covers, when the totals tell (fleet, service). */
function instancesIn(scope: FreezeScope, counts: FleetCounts): number | undefined {
  if (scope.kind === 'fleet') return counts.total;
  if (scope.kind === 'service') return Object.values(counts.byService[scope.service] ?? {}).reduce((a, b) => a + (b ?? 0), 0);
  return scope.kind === 'instance' ? 1 : undefined;
}
