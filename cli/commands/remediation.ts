/** warden tasks | task | remediate, and `show` with the instance's remediation tasks. */
import type { AttemptRecord, RemediationTask } from '../../shared/domain/playbooks/task.ts';
import type { TaskView } from '../../shared/usecases/remediation/operator.ts';
import { since, table } from '../format.ts';
import { callOperator, changeOptions } from '../operator-call.ts';
import { showCli } from './ledger.ts';
import { CHANGE_OPTIONS, type CliCommand } from './types.ts';

function tasksTable(tasks: readonly TaskView[]): string {
  return table(
    ['task', 'instance', 'condition', 'outcome', 'step', 'attempts', 'updated', 'summary'],
    tasks.map((t) => [t.id, t.instanceId, t.condition, t.outcome, t.step, t.attempts, since(t.updatedAt), t.summary]),
  );
}

export const tasksCli: CliCommand = {
  name: 'tasks',
  usage: 'warden tasks [--state STATE] [--instance ID] [--limit N] [--json]',
  summary: 'recent remediation tasks and every task not ended yet, with their status',
  options: { state: { type: 'string' }, instance: { type: 'string' }, limit: { type: 'string' } },
  async run({ target, print, json, values }) {
    const input: Record<string, unknown> = {};
    if (values.state !== undefined) input.state = values.state;
    if (values.instance !== undefined) input.instanceId = values.instance;
    if (values.limit !== undefined) input.limit = Number(values.limit);
    const tasks = (await callOperator(target, 'tasks', input)) as TaskView[];
    if (json) return print(JSON.stringify(tasks));
    print(tasks.length === 0 ? 'no remediation tasks' : tasksTable(tasks));
  },
};

const duration = (a: AttemptRecord) => (a.durationMs === undefined ? '' : `${(a.durationMs / 1000).toFixed(1)} s`);

export const taskCli: CliCommand = {
  name: 'task',
  usage: 'warden task TASK_ID [--json]',
  summary: 'one remediation task and every attempt it made',
  options: {},
  positionals: ['TASK_ID'],
  async run({ target, print, json, positionals }) {
    const shown = (await callOperator(target, 'task', { taskId: positionals[0] })) as TaskView & { task: RemediationTask };
    if (json) return print(JSON.stringify(shown));
    const head = `${shown.id}  ${shown.condition} on ${shown.instanceId} (${shown.playbook}: ${shown.task.steps.join(' -> ')})\n` +
      `${shown.outcome}: ${shown.summary}`;
    const rows = shown.task.attempts.map((a) => [a.step, a.attempt, a.outcome, a.startedAt, duration(a), a.action?.idempotencyKey ?? '', a.reason ?? a.lastProbe?.unmet ?? '']);
    print(`${head}\n\n${table(['step', 'attempt', 'outcome', 'started', 'took', 'idempotency key', 'reason'], rows)}`);
  },
};

export const remediateCli: CliCommand = {
  name: 'remediate',
  usage: 'warden remediate ID CONDITION --reason TEXT [--dry-run] [--actor NAME]',
  summary: 'raise a condition by hand; it is planned and remediated like any other (--dry-run: recorded, not performed)',
  options: { ...CHANGE_OPTIONS, 'dry-run': { type: 'boolean' } },
  positionals: ['ID', 'CONDITION'],
  required: ['reason'],
  async run({ target, print, json, positionals, values, flags }) {
    const [instanceId, condition] = positionals;
    const input = { instanceId, condition, dryRun: flags['dry-run'] === true };
    const out = (await callOperator(target, 'remediate', input, changeOptions(values, flags))) as {
      outcome: string;
      raisedAt: string;
      taskId: string;
      dryRun: boolean;
    };
    if (json) return print(JSON.stringify(out));
    const already = out.outcome === 'already-raised' ? ' (already raised; its remediation is under way)' : '';
    const dry = out.dryRun ? ' as a dry run (nothing will be performed)' : '';
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
    if (tasks.length > 0) ctx.print(`\nremediation tasks\n${tasksTable(tasks)}`);
  },
};
