/** warden advisory add ID --affects PATTERN... [--fixed-image NAME:VERSION] [--severity S] | show ID */
import type { AdvisoryAnswer } from '../../shared/usecases/audits/advisories.ts';
import { callOperator, changeOptions } from '../operator-call.ts';
import { parseAdvisory, parseImageKey } from '../../shared/domain/audits/advisories.ts';
import { checked, printPreview } from '../dry-run.ts';
import { CliError } from '../target.ts';
import { CLEAR_SCREEN } from '../terminal.ts';
import { CHANGE_OPTIONS, type CliCommand, type CliRun } from './types.ts';

const USAGE = 'warden advisory add ID --affects PATTERN... [--fixed-image NAME:VERSION] [--severity S] [--dry-run] [--yes] | show ID [--watch]';
/** How often `advisory show --watch` reads the roll again. */
const WATCH_POLL_MS = Number(process.env.WARDEN_POLL_MS ?? 2000);

export const advisoryCli: CliCommand = {
  name: 'advisory',
  usage: USAGE,
  summary: 'image advisories (CVEs): how many instances they affect (--json lists them), and the roll onto the fixed image',
  examples: [
    'warden advisory add CVE-2026-1234 --affects "postgres-16:<2024.09.1" --severity high',
    'warden advisory add CVE-2026-1234 --affects "postgres-16:<2024.09.1" --fixed-image postgres-16:2024.09.1 --dry-run',
    'warden advisory show CVE-2026-1234 --watch',
  ],
  confirm: ({ positionals, values }) => (positionals[0] === 'add' && values['fixed-image'] !== undefined
    ? `roll every instance ${positionals[1] ?? ''} affects onto ${values['fixed-image']}, wave by wave`
    : undefined),
  async preview(ctx) {
    const [action, id = ''] = ctx.positionals;
    if (action !== 'add') return false;
    const affects = [...(ctx.lists.affects ?? []), ...ctx.positionals.slice(2)];
    const fixed = ctx.values['fixed-image'];
    const advisory = checked(() => parseAdvisory({
      id, affects, severity: ctx.values.severity ?? 'high', createdAt: ctx.io.now().toISOString(),
      ...(fixed === undefined ? {} : { fixedImage: parseImageKey(fixed) }),
    }));
    const existing = await (callOperator(ctx.target, 'advisory-show', { id }) as Promise<AdvisoryAnswer>).catch(() => undefined);
    const would = existing === undefined
      ? [`record advisory ${id} (${advisory.severity}) on ${affects.join(', ')}`]
      : [`compare with ${id}, recorded already (${existing.affected.total} instances affected now): the same facts change nothing, a fixed image is added, anything else is refused`];
    if (fixed !== undefined) would.push(`roll the affected instances onto ${fixed}, wave by wave${existing === undefined ? '' : ` (${existing.affected.total} now)`}`);
    return printPreview(ctx, { would, needs: { role: 'operator', what: 'recording an advisory' }, details: { advisory, recorded: existing !== undefined } });
  },
  options: {
    watch: { type: 'boolean' },
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

async function show(ctx: CliRun, id: string) {
  const { target, print, json } = ctx;
  if (ctx.flags.watch === true) return watch(ctx, id);
  const answer = (await callOperator(target, 'advisory-show', { id, list: json })) as AdvisoryAnswer;
  print(json ? JSON.stringify(answer) : describe(answer));
}

/** Follows a roll wave by wave until it is done: redrawn in place on a terminal, a line per change when piped. */
async function watch(ctx: CliRun, id: string) {
  let last = '';
  for (;;) {
    const answer = (await callOperator(ctx.target, 'advisory-show', { id })) as AdvisoryAnswer;
    const text = ctx.json ? JSON.stringify({ id, roll: answer.roll ?? null }) : describe(answer);
    if (text !== last) {
      if (ctx.io.tty && !ctx.json) ctx.io.write(`${CLEAR_SCREEN}${text}\n${ctx.ui.paint('dim', `watching ${id}; Ctrl-C stops`)}\n`);
      else ctx.print(ctx.json || last === '' ? text : answer.roll === undefined ? text : rollLine(answer.roll));
      last = text;
    }
    if (answer.roll === undefined || answer.roll.status === 'done') return;
    await ctx.io.sleep(WATCH_POLL_MS);
  }
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
