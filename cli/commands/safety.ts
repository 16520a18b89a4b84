/** warden freeze | unfreeze | freezes | incidents | incident release|resolve */
import type { FreezeRecord } from '../../shared/adapters/dynamo/freeze-store.ts';
import type { IncidentRecord } from '../../shared/adapters/dynamo/incident-store.ts';
import { describeFreezeScope } from '../../shared/domain/safety/freeze.ts';
import { describeScope } from '../../shared/domain/safety/mass-event.ts';
import { table } from '../format.ts';
import { callOperator, changeOptions } from '../operator-call.ts';
import { CliError } from '../target.ts';
import { CHANGE_OPTIONS, type CliCommand } from './types.ts';

const changes = CHANGE_OPTIONS;

export const freezeCli: CliCommand = {
  name: 'freeze',
  usage: 'warden freeze --scope fleet|service:X|zone:Z|instance:ID --expires 2h --reason TEXT [--actor NAME]',
  summary: 'break glass: automation plans but does not act in the scope until the expiry (at most 7 days)',
  options: { scope: { type: 'string' }, expires: { type: 'string' }, ...changes },
  required: ['scope', 'expires', 'reason'],
  async run({ target, print, json, values }) {
    const input = { scope: values.scope, expires: values.expires };
    const out = (await callOperator(target, 'freeze', input, changeOptions(values))) as FreezeRecord;
    if (json) return print(JSON.stringify(out));
    print(`${out.id}: ${describeFreezeScope(out.scope)} frozen until ${out.expiresAt}; lift it early with: warden unfreeze ${out.id} --reason ...`);
  },
};

export const unfreezeCli: CliCommand = {
  name: 'unfreeze',
  usage: 'warden unfreeze FREEZE_ID --reason TEXT [--actor NAME]',
  summary: 'lift a freeze now; held work resumes at the next planner tick',
  options: changes,
  positionals: ['FREEZE_ID'],
  required: ['reason'],
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
  options: { all: { type: 'boolean' } },
  async run({ target, print, json, flags }) {
    const freezes = (await callOperator(target, 'freezes', { all: flags.all === true })) as FreezeRecord[];
    if (json) return print(JSON.stringify(freezes));
    if (freezes.length === 0) return print('no freezes in force');
    print(table(
      ['freeze', 'scope', 'until', 'by', 'reason', 'lifted'],
      freezes.map((f) => [f.id, describeFreezeScope(f.scope), f.expiresAt, f.actor.id, f.reason, f.liftedAt ? `${f.liftedAt} by ${f.liftedBy?.id ?? '?'}` : '']),
    ));
  },
};

export const incidentsCli: CliCommand = {
  name: 'incidents',
  usage: 'warden incidents [--json]',
  summary: 'mass-event incidents: scope, numbers, status',
  options: {},
  async run({ target, print, json }) {
    const incidents = (await callOperator(target, 'incidents', {})) as IncidentRecord[];
    if (json) return print(JSON.stringify(incidents));
    if (incidents.length === 0) return print('no incidents');
    print(table(
      ['incident', 'scope', 'status', 'failed', 'opened', 'paged', 'note'],
      incidents.map((i) => [i.id, describeScope(i.scope), i.status, `${i.counts.failed} of ${i.counts.population}`, i.openedAt, i.paged ? 'yes' : 'no', i.note ?? '']),
    ));
  },
};

const INCIDENT_USAGE = 'warden incident release|resolve INCIDENT_ID --reason TEXT [--actor NAME]';

export const incidentCli: CliCommand = {
  name: 'incident',
  usage: INCIDENT_USAGE,
  summary: 'release an incident (replacements may run in its scope again) or resolve it',
  options: changes,
  positionals: ['ACTION', 'INCIDENT_ID'],
  required: ['reason'],
  async run({ target, print, json, positionals, values }) {
    const [action, incidentId] = positionals;
    if (action !== 'release' && action !== 'resolve') throw new CliError(`unknown incident action "${action ?? ''}"\nusage: ${INCIDENT_USAGE}`, 2);
    const out = (await callOperator(target, 'incident', { action, incidentId }, changeOptions(values))) as IncidentRecord;
    if (json) return print(JSON.stringify(out));
    print(`${out.id} is ${out.status}; held work in ${describeScope(out.scope)} resumes at the next planner tick`);
  },
};
