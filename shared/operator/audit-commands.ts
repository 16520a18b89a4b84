/** Commands over compliance audits and advisories: start a run, its status and report; add and show advisories. */
import * as z from 'zod';
import { auditDeps } from '../runtime/audit-deps.ts';
import { advisoryAddSchema, advisoryIdSchema, runIdSchema } from '../schemas/audits.ts';
import { addAdvisory, showAdvisory } from '../usecases/audits/advisories.ts';
import { auditReport, auditStatus } from '../usecases/audits/reports.ts';
import { startAuditRun } from '../usecases/audits/start-run.ts';
import { command } from './command.ts';

export const auditRun = command({
  name: 'audit-run',
  description: 'Starts a compliance audit of the whole fleet now; answers with the run id',
  mutating: true,
  input: z.object({}).strict(),
  run: async (_input, { deps, actor, requestId }) => {
    const started = await startAuditRun(auditDeps(deps), { trigger: 'engineer', requestedBy: actor.id, causeId: requestId, at: deps.clock() });
    return { outcome: started.outcome, runId: started.run.runId, startedAt: started.run.startedAt, segments: started.run.totalSegments };
  },
});

export const auditStatusCommand = command({
  name: 'audit-status',
  description: 'Progress of an audit run (the latest by default)',
  mutating: false,
  input: z.object({ runId: runIdSchema.optional() }).strict(),
  run: async ({ runId }, { deps }) => auditStatus(auditDeps(deps), runId),
});

export const auditReportCommand = command({
  name: 'audit-report',
  description: 'The report of a finished audit run (the latest by default)',
  mutating: false,
  input: z.object({ runId: runIdSchema.optional() }).strict(),
  run: async ({ runId }, { deps }) => auditReport(auditDeps(deps), runId),
});

export const advisoryAdd = command({
  name: 'advisory-add',
  description: 'Records an advisory; answers how many instances it affects, and starts rolling them onto the fixed image',
  mutating: true,
  input: advisoryAddSchema,
  run: async (input, { deps }) => addAdvisory(auditDeps(deps), input),
});

export const advisoryShow = command({
  name: 'advisory-show',
  description: 'An advisory, the instances it affects now, and the progress of its roll',
  mutating: false,
  input: z.object({ id: advisoryIdSchema, list: z.boolean().default(false) }).strict(),
  run: async ({ id, list }, { deps }) => showAdvisory(auditDeps(deps), id, list),
});
