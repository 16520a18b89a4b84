/** Break glass and incidents: freeze, unfreeze, list freezes; list incidents, release or resolve one. */
import * as z from 'zod';
import { freezeRequirement, incidentRequirement, unfreezeRequirement } from '../domain/access/policy.ts';
import { parseExpiry, parseFreezeScope } from '../domain/remediation/scope.ts';
import { freeze, listFreezes, listIncidents, settleIncident, unfreeze } from '../usecases/remediation/operator.ts';
import { command } from './command.ts';

export const freezeCommand = command({
  name: 'freeze',
  description: 'Stops automation acting in a scope (fleet, service:X, zone:Z, instance:ID) until the expiry; work still plans',
  mutating: true,
  input: z.object({ scope: z.string().min(1), expires: z.string().min(1) }).strict(),
  access: (input, { deps }) => {
    const now = deps.clock();
    return freezeRequirement(parseFreezeScope(input.scope), parseExpiry(input.expires, now), now);
  },
  run: async (input, { deps, actor, reason }) => freeze(deps, input, actor, reason ?? ''),
});

export const unfreezeCommand = command({
  name: 'unfreeze',
  description: 'Lifts a freeze now; held work resumes at the next planner tick',
  mutating: true,
  input: z.object({ freezeId: z.string().min(1) }).strict(),
  access: async ({ freezeId }, { deps }) => unfreezeRequirement((await deps.freezes.list()).find((f) => f.id === freezeId)),
  subject: async ({ freezeId }, { deps }) => (await deps.freezes.list()).find((f) => f.id === freezeId),
  run: async ({ freezeId }, { deps, actor, reason }) => unfreeze(deps, freezeId, actor, reason ?? ''),
});

export const freezesCommand = command({
  name: 'freezes',
  description: 'Freezes in force (with all: lifted and expired ones too)',
  mutating: false,
  input: z.object({ all: z.boolean().default(false) }).strict(),
  run: async ({ all }, { deps }) => listFreezes(deps, all),
});

export const incidentsCommand = command({
  name: 'incidents',
  description: 'Mass-event incidents, newest first',
  mutating: false,
  input: z.object({}).strict(),
  run: async (_input, { deps }) => listIncidents(deps),
});

export const incidentCommand = command({
  name: 'incident',
  description: 'Releases an incident (automation may replace in its scope again) or resolves it (it is over)',
  mutating: true,
  input: z.object({ action: z.enum(['release', 'resolve']), incidentId: z.string().min(1) }).strict(),
  access: ({ action }) => incidentRequirement(action),
  subject: async ({ incidentId }, { deps }) => (await deps.incidents.list()).find((i) => i.id === incidentId),
  run: async ({ action, incidentId }, { deps, actor, reason }) => settleIncident(deps, incidentId, action, actor, reason ?? ''),
});
