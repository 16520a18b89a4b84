/** Commands over the lifecycle ledger: status, list, show, transition, register; and the operator's audit log. */
import * as z from 'zod';
import { instanceIdSchema, newInstanceSchema, serviceSchema, stateSchema } from '../schemas/instance.ts';
import { daysBetween, mergeTrail, sinceTime } from '../domain/access/audit-trail.ts';
import { transitionRequirement } from '../domain/access/policy.ts';
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
  description: 'A manual transition by an engineer; one the table forbids, or inside a freeze, only through break glass',
  mutating: true,
  input: z.object({ instanceId: instanceIdSchema, to: stateSchema }).strict(),
  access: async ({ instanceId, to }, { deps }) => {
    const [instance, freezes] = await Promise.all([deps.store.get(instanceId), deps.freezes.list()]);
    return transitionRequirement(instance, to, freezes, deps.clock());
  },
  subject: async ({ instanceId }, { deps }) => {
    const { state, version, stateSince } = await deps.store.get(instanceId);
    return { instanceId, state, version, stateSince };
  },
  run: async ({ instanceId, to }, { deps, actor, reason, requestId, breakGlass }) => {
    const result = await recordTransition(deps, instanceId, to, {
      actor,
      reason: reason ?? '',
      cause: { kind: 'command', id: requestId },
      ...(breakGlass === undefined ? {} : { breakGlass }),
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

export const auditLogCommand = command({
  name: 'audit-log',
  description: "The operator's audit log: every call (reads, changes, refusals), oldest first; filter by principal or command",
  mutating: false,
  input: z
    .object({
      since: z.string().min(1).max(40).default('24h'),
      actor: z.string().min(1).max(256).optional(),
      command: z.string().min(1).max(64).optional(),
      limit: z.number().int().min(1).max(10_000).default(1000),
    })
    .strict(),
  run: async ({ since, actor, command: name, limit }, { deps }) => {
    const now = deps.clock();
    const from = sinceTime(since, now);
    const days = daysBetween(from, now);
    const entries = (await Promise.all(days.map((day) => deps.audit.day(day, from.toISOString())))).flat();
    return mergeTrail(entries)
      .filter((c) => (actor === undefined || c.principal === actor || c.principal.includes(actor)) && (name === undefined || c.command === name))
      .slice(-limit);
  },
});
