/** warden top: a live fleet view, redrawn in place on a terminal; one frame when piped (or with --once). */
import type { FleetCounts } from '../../shared/adapters/dynamo/instance-queries.ts';
import type { FreezeRecord } from '../../shared/adapters/dynamo/freeze-store.ts';
import type { IncidentRecord } from '../../shared/adapters/dynamo/incident-store.ts';
import { LIFECYCLE_STATES } from '../../shared/domain/instance.ts';
import { TERMINAL_STATUSES } from '../../shared/domain/playbooks/task.ts';
import { describeFreezeScope } from '../../shared/domain/safety/freeze.ts';
import { describeScope } from '../../shared/domain/safety/mass-event.ts';
import type { TaskView } from '../../shared/usecases/remediation/operator.ts';
import { table } from '../format.ts';
import { callOperator } from '../operator-call.ts';
import { CliError } from '../target.ts';
import { CLEAR_SCREEN, type Ui } from '../terminal.ts';
import type { detectionLines } from './detection.ts';
import type { CliCommand, CliRun } from './types.ts';

type DetectionStatus = Parameters<typeof detectionLines>[0];

/** One read of everything `top` shows. */
export interface TopSnapshot {
  counts: FleetCounts;
  detection: DetectionStatus;
  tasks: TaskView[];
  incidents: IncidentRecord[];
  freezes: FreezeRecord[];
}

/** How many recent tasks a frame reads (every task not ended is among them: `warden tasks` lists those first). */
const TASKS_READ = 500;

async function snapshot(ctx: CliRun): Promise<TopSnapshot> {
  const [status, tasks, incidents, freezes] = await Promise.all([
    callOperator(ctx.target, 'status', {}) as Promise<FleetCounts & { detection: DetectionStatus }>,
    callOperator(ctx.target, 'tasks', { limit: TASKS_READ }) as Promise<TaskView[]>,
    callOperator(ctx.target, 'incidents', {}) as Promise<IncidentRecord[]>,
    callOperator(ctx.target, 'freezes', {}) as Promise<FreezeRecord[]>,
  ]);
  return { counts: status, detection: status.detection, tasks, incidents, freezes };
}

const tally = <T>(items: readonly T[], key: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
};

/** Seconds the intake is behind: from the newest report processed to now. */
export function ingestionLagSeconds(detection: DetectionStatus, now: Date): number | undefined {
  if (detection.intake === undefined) return undefined;
  return Math.max(0, Math.round((now.getTime() - Date.parse(detection.intake.frontier)) / 1000));
}

/** One frame of `warden top`, as text. */
export function renderTop(s: TopSnapshot, ui: Ui, now: Date, describe: string): string {
  const states = LIFECYCLE_STATES.filter((state) => (s.counts.byState[state] ?? 0) > 0);
  const open = s.tasks.filter((t) => !TERMINAL_STATUSES.has(t.status) && t.outcome !== 'obsolete');
  const lag = ingestionLagSeconds(s.detection, now);
  const openIncidents = s.incidents.filter((i) => i.status !== 'resolved');
  const lines = [
    `${ui.paint('bold', 'Fleetwarden')}  ${describe}  ${now.toISOString()}  ${s.counts.total} instances`,
    '',
    table(states, [states.map((state) => s.counts.byState[state] ?? 0)]),
    '',
    `${ui.paint('bold', 'conditions under remediation')}: ${open.length === 0 ? 'none' : tally(open, (t) => t.condition).map(([c, n]) => `${ui.paint('yellow', c)} ${n}`).join('  ')}`,
    `${ui.paint('bold', 'tasks by status')} (latest ${s.tasks.length}): ${tally(s.tasks, (t) => t.outcome).map(([o, n]) => `${ui.state(o)} ${n}`).join('  ') || 'none'}`,
    `${ui.paint('bold', 'incidents open')}: ${openIncidents.length === 0 ? ui.paint('green', 'none') : openIncidents.map((i) => `${ui.paint('red', i.id)} (${describeScope(i.scope)}, ${i.status}, ${i.counts.failed} of ${i.counts.population} failed)`).join('; ')}`,
    `${ui.paint('bold', 'freezes in force')}: ${s.freezes.length === 0 ? 'none' : s.freezes.map((f) => `${describeFreezeScope(f.scope)} until ${f.expiresAt}`).join('; ')}`,
    `${ui.paint('bold', 'ingestion lag')}: ${lag === undefined ? 'no reports processed yet' : `${lag} s`}${s.detection.held ? `  ${ui.paint('red', `detection HELD: ${s.detection.summary}`)}` : ''}`,
  ];
  return lines.join('\n');
}

export const topCli: CliCommand = {
  name: 'top',
  usage: 'warden top [--interval 5] [--once] [--json]',
  summary: 'a live fleet view: counts by state, conditions, tasks by status, open incidents, freezes, ingestion lag',
  examples: ['warden top', 'warden top --interval 2', 'warden top --once --json'],
  options: { interval: { type: 'string' }, once: { type: 'boolean' } },
  async run(ctx) {
    const seconds = Number(ctx.values.interval ?? 5);
    if (!Number.isFinite(seconds) || seconds < 1 || seconds > 3600) throw new CliError(`--interval ${ctx.values.interval ?? ''}: give seconds between 1 and 3600`, 2);
    // Refreshing in place needs a terminal; piped (or --json, or --once) it prints one frame.
    const live = ctx.io.tty && !ctx.json && ctx.flags.once !== true;
    for (;;) {
      const s = await snapshot(ctx);
      const now = ctx.io.now();
      if (ctx.json) return ctx.print(JSON.stringify({ ...s, ingestionLagSeconds: ingestionLagSeconds(s.detection, now) ?? null }));
      const frame = renderTop(s, ctx.ui, now, ctx.target.describe);
      if (!live) return ctx.print(frame);
      ctx.io.write(`${CLEAR_SCREEN}${frame}\n\n${ctx.ui.paint('dim', `every ${seconds} s; Ctrl-C stops`)}\n`);
      await ctx.io.sleep(seconds * 1000);
    }
  },
};
