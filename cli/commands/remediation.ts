/** warden tasks | task | remediate, and `show` with the instance's remediation tasks. */
import type { AttemptRecord, RemediationTask } from '../../shared/domain/playbooks/task.ts';
import type { TaskView } from '../../shared/usecases/remediation/operator.ts';
import type { Instance } from '../../shared/domain/instance.ts';
import { TERMINAL_STATUSES } from '../../shared/domain/playbooks/task.ts';
import { PLAYBOOKS } from '../../shared/domain/playbooks/registry.ts';
import { printPreview } from '../dry-run.ts';
import { table } from '../format.ts';
import { callOperator, changeOptions } from '../operator-call.ts';
import { CliError } from '../target.ts';
import type { Ui } from '../terminal.ts';
import { showCli } from './ledger.ts';
import { CHANGE_OPTIONS, type CliCommand } from './types.ts';

function tasksTable(tasks: readonly TaskView[], ui: Ui): string {
  return table(
    ['task', 'instance', 'condition', 'outcome', 'step', 'attempts', 'updated', 'summary'],
    tasks.map((t) => [t.id, t.instanceId, t.condition, ui.state(t.outcome), t.step, t.attempts, ui.time(t.updatedAt), t.summary]),
  );
}

export const tasksCli: CliCommand = {
  name: 'tasks',
  usage: 'warden tasks [--state STATE] [--instance ID] [--limit N] [--json]',
  summary: 'recent remediation tasks and every task not ended yet, with their status',
  examples: ['warden tasks --limit 20', 'warden tasks --state escalated --json', 'warden tasks --instance pg-00001-1'],
  options: { state: { type: 'string' }, instance: { type: 'string' }, limit: { type: 'string' } },
  async run({ target, print, json, values, ui }) {
    const input: Record<string, unknown> = {};
    if (values.state !== undefined) input.state = values.state;
    if (values.instance !== undefined) input.instanceId = values.instance;
    if (values.limit !== undefined) input.limit = Number(values.limit);
    const tasks = (await callOperator(target, 'tasks', input)) as TaskView[];
    if (json) return print(JSON.stringify(tasks));
    print(tasks.length === 0 ? 'no remediation tasks' : tasksTable(tasks, ui));
  },
};

const duration = (a: AttemptRecord) => (a.durationMs === undefined ? '' : `${(a.durationMs / 1000).toFixed(1)} s`);

export const taskCli: CliCommand = {
  name: 'task',
  usage: 'warden task TASK_ID [--json]',
  summary: 'one remediation task and every attempt it made',
  examples: ['warden task rt-3f9c2a7be41d0c55a8e6f201   # an id from warden tasks', 'warden task rt-3f9c2a7be41d0c55a8e6f201 --json'],
  options: {},
  positionals: ['TASK_ID'],
  async run({ target, print, json, positionals, ui }) {
    const shown = (await callOperator(target, 'task', { taskId: positionals[0] })) as TaskView & { task: RemediationTask };
    if (json) return print(JSON.stringify(shown));
    const head = `${shown.id}  ${shown.condition} on ${shown.instanceId} (${shown.playbook}: ${shown.task.steps.join(' -> ')})\n` +
      `${ui.state(shown.outcome)}: ${shown.summary}`;
    const rows = shown.task.attempts.map((a) => [a.step, a.attempt, ui.state(a.outcome), ui.time(a.startedAt), duration(a), a.action?.idempotencyKey ?? '', a.reason ?? a.lastProbe?.unmet ?? '']);
    print(`${head}\n\n${table(['step', 'attempt', 'outcome', 'started', 'took', 'idempotency key', 'reason'], rows)}`);
  },
};

export const remediateCli: CliCommand = {
  name: 'remediate',
  usage: 'warden remediate ID CONDITION --reason TEXT [--rehearse] [--actor NAME] [--dry-run]',
  summary: 'raise a condition by hand; it is planned and remediated like any other (--rehearse: a task that records what it would do and acts on nothing)',
  examples: [
    'warden remediate pg-00001-1 disk-full --reason "disk alarm missed; see INC-12"',
    'warden remediate pg-00002-1 down --reason "what would it do?" --rehearse',
  ],
  options: { ...CHANGE_OPTIONS, rehearse: { type: 'boolean' } },
  positionals: ['ID', 'CONDITION'],
  required: ['reason'],
  async preview(ctx) {
    const [instanceId = '', condition = ''] = ctx.positionals;
    const playbook = PLAYBOOKS.find((p) => p.condition === condition);
    if (playbook === undefined) throw new CliError(`no playbook remedies "${condition}"; the conditions are ${PLAYBOOKS.map((p) => p.condition).join(', ')}`, 2);
    const [{ instance }, tasks] = await Promise.all([
      callOperator(ctx.target, 'show', { instanceId, limit: 1 }) as Promise<{ instance: Instance }>,
      callOperator(ctx.target, 'tasks', { instanceId, limit: 20 }) as Promise<TaskView[]>,
    ]);
    const running = tasks.find((t) => t.condition === condition && !TERMINAL_STATUSES.has(t.status) && t.outcome !== 'obsolete');
    const raised = instance.conditions?.[condition as keyof NonNullable<Instance['conditions']>];
    const would = running !== undefined && raised !== undefined
      ? [`change nothing: ${condition} is raised on ${instanceId} already and task ${running.id} remedies it (${running.outcome})`]
      : [`raise ${condition} on ${instanceId} (${instance.service}, ${instance.state})`, `plan task with playbook ${playbook.name}${ctx.flags.rehearse === true ? ' as a rehearsal: recorded, nothing performed' : ''}`];
    return printPreview(ctx, { would, needs: { role: 'operator', what: `raising ${condition} by hand` }, details: { instanceId, condition, playbook: playbook.name, alreadyRunning: running?.id ?? null } });
  },
  async run({ target, print, json, positionals, values, flags }) {
    const [instanceId, condition] = positionals;
    const input = { instanceId, condition, dryRun: flags.rehearse === true };
    const out = (await callOperator(target, 'remediate', input, changeOptions(values, flags))) as {
      outcome: string;
      raisedAt: string;
      taskId: string;
      dryRun: boolean;
    };
    if (json) return print(JSON.stringify(out));
    const already = out.outcome === 'already-raised' ? ' (already raised; its remediation is under way)' : '';
    const dry = out.dryRun ? ' as a rehearsal (nothing will be performed)' : '';
    print(`${condition} raised on ${instanceId} at ${out.raisedAt}${dry}${already}; task ${out.taskId}; follow it with: warden task ${out.taskId}`);
  },
};

/** `warden show`, followed by the instance's remediation tasks (in --json they are the `tasks` field). */
export const showWithTasksCli: CliCommand = {
  ...showCli,
  summary: `${showCli.summary}, and its remediation tasks`,
  async run(ctx) {
    await showCli.run(ctx);
    if (ctx.json) return;
    const tasks = (await callOperator(ctx.target, 'tasks', { instanceId: ctx.positionals[0], limit: 20 })) as TaskView[];
    if (tasks.length > 0) ctx.print(`\nremediation tasks\n${tasksTable(tasks, ctx.ui)}`);
  },
};
