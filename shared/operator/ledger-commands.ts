/** Commands over the lifecycle ledger: status, list, show, transition, register. */
import { z } from 'zod';
import { instanceIdSchema, newInstanceSchema, serviceSchema, stateSchema } from '../schemas/instance.ts';
import { recordTransition, registerInstance } from '../usecases/ledger.ts';
import { command } from './command.ts';
import { detectionStatus } from './detection-commands.ts';

export const status = command({
  name: 'status',
  description: 'Totals by state for the whole fleet and per service, and whether detection is holding',
  mutating: false,
  input: z.object({}).strict(),
  run: async (_input, { deps }) => {
    const [counts, detection] = await Promise.all([deps.queries.counts(), detectionStatus(deps.observer)]);
    return { ...counts, detection };
  },
});

export const list = command({
  name: 'list',
  description: 'Instances, optionally filtered by state and service',
  mutating: false,
  input: z
    .object({ state: stateSchema.optional(), service: serviceSchema.optional(), limit: z.number().int().min(1).max(10_000).default(200) })
    .strict(),
  run: async (input, { deps }) => deps.queries.list(input),
});

export const show = command({
  name: 'show',
  description: 'One instance and its history, newest first',
  mutating: false,
  input: z.object({ instanceId: instanceIdSchema, limit: z.number().int().min(1).max(1000).default(100) }).strict(),
  run: async ({ instanceId, limit }, { deps }) => ({
    instance: await deps.store.get(instanceId),
    history: await deps.store.history(instanceId, limit),
  }),
});

export const transitionCommand = command({
  name: 'transition',
  description: 'A manual transition by an engineer (illegal ones are refused)',
  mutating: true,
  input: z.object({ instanceId: instanceIdSchema, to: stateSchema }).strict(),
  run: async ({ instanceId, to }, { deps, actor, reason, requestId }) => {
    const result = await recordTransition(deps, instanceId, to, {
      actor,
      reason: reason ?? '',
      cause: { kind: 'command', id: requestId },
    });
    return { outcome: result.outcome, instance: result.instance };
  },
});

export const registerCommand = command({
  name: 'register',
  description: 'Registers an instance; it starts in installing',
  mutating: true,
  input: z.object({ instance: newInstanceSchema }).strict(),
  run: async ({ instance }, { deps, actor, reason }) => {
    const result = await registerInstance(deps, instance, {
      actor,
      reason: reason ?? 'registered by an engineer',
      cause: { kind: 'register', id: instance.id },
    });
    return { outcome: result.outcome, instance: result.instance };
  },
});
