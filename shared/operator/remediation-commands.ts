/** Commands over remediation: recent tasks, one task, raising a condition by hand, and tasks beside `show`. */
import * as z from 'zod';
import { TASK_STATUSES } from '../domain/playbooks/task.ts';
import { instanceIdSchema } from '../schemas/instance.ts';
import { automationFigures } from '../usecases/remediation/automation.ts';
import { getTask, listTasks, remediateByHand, taskView } from '../usecases/remediation/operator.ts';
import { command, type OperatorCommand } from './command.ts';

const conditionSchema = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a condition name such as down or disk-full');

export const tasksCommand = command({
  name: 'tasks',
  description: 'Recent remediation tasks (and every task not ended yet), newest change first',
  mutating: false,
  input: z
    .object({
      state: z.enum(TASK_STATUSES).optional(),
      instanceId: instanceIdSchema.optional(),
      limit: z.number().int().min(1).max(10_000).default(50),
    })
    .strict(),
  run: async (input, { deps }) => listTasks(deps, input),
});

export const taskCommand = command({
  name: 'task',
  description: 'One remediation task with every attempt: step, outcome, reason, duration',
  mutating: false,
  input: z.object({ taskId: z.string().min(1) }).strict(),
  run: async ({ taskId }, { deps }) => {
    const stored = await getTask(deps, taskId);
    return { ...taskView(stored), task: stored.task };
  },
});

export const remediateCommand = command({
  name: 'remediate',
  description: 'Raises a condition on an instance by hand; the planner plans it like any other (with dryRun: records what it would do, acts on nothing)',
  mutating: true,
  input: z.object({ instanceId: instanceIdSchema, condition: conditionSchema, dryRun: z.boolean().default(false) }).strict(),
  run: async ({ instanceId, condition, dryRun }, { deps, actor, reason }) => remediateByHand(deps, instanceId, condition, actor, reason ?? '', { dryRun }),
});

export const automationReportCommand = command({
  name: 'automation-report',
  description: 'The return on automation over the last days: conditions fixed without a human against escalated, pages, time to recover, actions, engineer-hours saved',
  mutating: false,
  input: z
    .object({
      days: z.number().int().min(1).max(90).default(30),
      minutes: z.record(z.string().max(32), z.number()).optional(),
    })
    .strict(),
  run: async ({ days, minutes }, { deps }) => automationFigures(deps, days, minutes),
});

/** `show` with the instance's remediation tasks beside its history. */
export function withTasks(show: OperatorCommand): OperatorCommand {
  return {
    ...show,
    description: `${show.description}, and its remediation tasks`,
    run: async (input, ctx) => {
      const shown = (await show.run(input, ctx)) as Record<string, unknown>;
      const instanceId = String((input as { instanceId: unknown }).instanceId);
      return { ...shown, tasks: await listTasks(ctx.deps, { instanceId, limit: 20 }) };
    },
  };
}
