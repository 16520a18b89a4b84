/** warden advisory add ID --affects PATTERN... [--fixed-image NAME:VERSION] [--severity S] | show ID */
import type { AdvisoryAnswer } from '../../shared/usecases/audits/advisories.ts';
import { callOperator, changeOptions } from '../operator-call.ts';
import { CliError } from '../target.ts';
import { CHANGE_OPTIONS, type CliCommand, type CliRun } from './types.ts';

const USAGE = 'warden advisory add ID --affects PATTERN... [--fixed-image NAME:VERSION] [--severity S] | show ID';

export const advisoryCli: CliCommand = {
  name: 'advisory',
  usage: USAGE,
  summary: 'image advisories (CVEs): how many instances they affect (--json lists them), and the roll onto the fixed image',
  options: {
    affects: { type: 'string', multiple: true },
    'fixed-image': { type: 'string' },
    severity: { type: 'string' },
    title: { type: 'string' },
    ...CHANGE_OPTIONS,
  },
  positionals: ['ACTION', 'ID...'],
  async run(ctx) {
    const [action, id, ...more] = ctx.positionals;
    if (id === undefined) usage('missing ID');
    if (action === 'add') return add(ctx, id, more);
    if (more.length > 0) usage(`unexpected argument "${more[0] ?? ''}"`);
    if (action === 'show') return show(ctx, id);
    usage(`unknown advisory action "${action ?? ''}"`);
  },
};

function usage(problem: string): never {
  throw new CliError(`${problem}\nusage: ${USAGE}`, 2);
}

/** `--affects a b` leaves `b` as a positional; every word after the id is one more pattern. */
async function add({ target, print, json, values, lists }: CliRun, id: string, morePatterns: string[]) {
  const affects = [...(lists.affects ?? []), ...morePatterns];
  if (affects.length === 0) usage('missing --affects PATTERN');
  const input: Record<string, unknown> = { id, affects, list: json };
  if (values['fixed-image'] !== undefined) input.fixedImage = values['fixed-image'];
  if (values.severity !== undefined) input.severity = values.severity;
  if (values.title !== undefined) input.title = values.title;
  const reason = values.reason ?? `advisory ${id} recorded`;
  const answer = (await callOperator(target, 'advisory-add', input, { ...changeOptions(values), reason })) as AdvisoryAnswer;
  print(json ? JSON.stringify(answer) : describe(answer));
}

async function show({ target, print, json }: CliRun, id: string) {
  const answer = (await callOperator(target, 'advisory-show', { id, list: json })) as AdvisoryAnswer;
  print(json ? JSON.stringify(answer) : describe(answer));
}

function describe({ advisory, affected, roll, outcome }: AdvisoryAnswer): string {
  const tally = (items: { key: string; count: number }[]) => items.map((t) => `${t.key} ${t.count}`).join(', ') || '-';
  const lines = [
    `${advisory.id} (${advisory.severity}${outcome === 'shown' ? '' : `, ${outcome}`}): ${affected.total} instances affected`,
    `  images    ${tally(affected.images)}`,
    `  services  ${tally(affected.byService)}`,
    `  zones     ${tally(affected.byZone)}`,
  ];
  if (roll === undefined) lines.push(advisory.fixedImage ? 'roll: not started' : 'no fixed image given: reported, not rolled');
  else lines.push(rollLine(roll));
  return lines.join('\n');
}

function rollLine(roll: NonNullable<AdvisoryAnswer['roll']>): string {
  const target = `${roll.targetImage.name}:${roll.targetImage.version}`;
  if (roll.status === 'done') return `roll onto ${target}: done (${roll.instances} instances, ${roll.totalWaves} waves, finished ${roll.finishedAt ?? ''})`;
  const current = roll.current;
  const wave = `wave ${roll.currentWave + 1} of ${roll.totalWaves}${current ? ` (${current.phase})` : ''}`;
  const waiting = current ? `, waiting for ${current.pending} of ${current.steps}: ${current.waitingFor.slice(0, 10).join(' ')}` : '';
  return `roll onto ${target}: ${wave}${waiting}`;
}
