import { ValidationError } from '../../shared/domain/errors.ts';
import { scheduledEventSchema } from '../../shared/schemas/scheduled.ts';
import { startAuditRun } from '../../shared/usecases/audits/start-run.ts';
import { auditDeps } from '../../shared/runtime/audit-deps.ts';
import { logger } from '../../shared/runtime/logger.ts';
import { lambda } from '../../shared/runtime/middleware.ts';
import { parseWith } from '../../shared/runtime/parse.ts';

export const handler = lambda(async (event: unknown) => {
  const scheduled = parseWith(scheduledEventSchema, event, 'scheduled event');
  const at = new Date(scheduled.time);
  if (Number.isNaN(at.getTime())) throw new ValidationError('scheduled event', [`time: "${scheduled.time}" is not a timestamp`]);
  const started = await startAuditRun(auditDeps(), {
    trigger: 'schedule',
    requestedBy: String((scheduled.resources as unknown[] | undefined)?.[0] ?? scheduled.source),
    causeId: scheduled.id,
    at,
  });
  logger.info('audit run started', { runId: started.run.runId, outcome: started.outcome, segments: started.run.totalSegments });
  return { runId: started.run.runId, outcome: started.outcome, segments: started.run.totalSegments };
});
