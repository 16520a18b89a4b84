/** warden detection | detection-release: is detection holding (Fleetwarden behind, not the fleet), and why. */
import type { detectionStatus } from '../../shared/operator/detection-commands.ts';
import { table } from '../format.ts';
import { callOperator, changeOptions } from '../operator-call.ts';
import { printPreview } from '../dry-run.ts';
import { CHANGE_OPTIONS, type CliCommand } from './types.ts';

type DetectionStatus = Awaited<ReturnType<typeof detectionStatus>>;

/** One line for `warden status`, more for `warden detection`. */
export function detectionLines(d: DetectionStatus, detailed: boolean): string[] {
  const head = d.held
    ? `detection HELD since ${d.hold?.since} (${d.hold?.reasons.join(', ')}${d.hold?.lagSeconds === undefined ? '' : `, intake ${d.hold.lagSeconds} s behind`})`
    : 'detection judging normally';
  const lines = [head];
  if (d.held) lines.push(`  ${d.summary}`);
  if (!detailed) return lines;
  if (d.intake !== undefined) lines.push(`intake: reports sent up to ${d.intake.frontier} processed (recorded ${d.intake.processedAt})`);
  if (d.gap !== undefined) lines.push(`latest gap in Fleetwarden's own running: ${d.gap.kind}, ${d.gap.startedAt} to ${d.gap.endedAt}`);
  if (d.lastSweepAt !== undefined) lines.push(`last sweep: ${d.lastSweepAt}`);
  if (d.scopes.length > 0) {
    lines.push('', table(
      ['service', 'quiet cells', 'zones', 'held since', 'judged'],
      d.scopes.map((s) => [s.service, `${s.quietCells} of ${s.cells}`, s.zones, s.since, s.releasedAt !== undefined ? `released by ${s.releasedBy}` : s.confirmedAt !== undefined ? `confirmed by time ${s.confirmedAt}` : 'no: held']),
    ));
  }
  return lines;
}

export const detectionCli: CliCommand = {
  name: 'detection',
  usage: 'warden detection [--json]',
  summary: 'is detection holding (Fleetwarden behind, not the fleet), why, and the intake watermark',
  examples: ['warden detection', 'warden detection --json'],
  options: {},
  async run({ target, print, json }) {
    const out = (await callOperator(target, 'detection', {})) as DetectionStatus;
    if (json) return print(JSON.stringify(out));
    print(detectionLines(out, true).join('\n'));
  },
};

export const detectionReleaseCli: CliCommand = {
  name: 'detection-release',
  usage: 'warden detection-release SERVICE --reason TEXT [--actor NAME] [--dry-run]',
  summary: 'the silence of a service held as implausible is real: let detection judge it now',
  examples: ['warden detection-release redis --reason "the redis fleet really is down: region outage INC-7" --dry-run'],
  options: CHANGE_OPTIONS,
  positionals: ['SERVICE'],
  required: ['reason'],
  async preview(ctx) {
    const service = ctx.positionals[0] ?? '';
    const d = (await callOperator(ctx.target, 'detection', {})) as DetectionStatus;
    const scope = d.scopes.find((s) => s.service === service && s.releasedAt === undefined && s.confirmedAt === undefined);
    return printPreview(ctx, {
      would: scope === undefined
        ? [`change nothing: detection holds no silence of ${service} now`]
        : [`release the hold on ${service} (${scope.quietCells} of ${scope.cells} cells quiet since ${scope.since}): the next sweep judges its silence`],
      needs: { role: 'operator', what: `releasing the detection hold on ${service}` },
      details: { service, held: scope !== undefined },
    });
  },
  async run({ target, print, json, positionals, values }) {
    const out = (await callOperator(target, 'detection-release', { service: positionals[0] }, changeOptions(values))) as DetectionStatus;
    if (json) return print(JSON.stringify(out));
    print([`${positionals[0]}: released; the next sweep judges its silence`, ...detectionLines(out, false)].join('\n'));
  },
};
