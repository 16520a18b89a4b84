import { RollStepsFailedError } from '../../shared/domain/audit-runs/errors.ts';
import { scheduledEventSchema } from '../../shared/schemas/scheduled.ts';
import { stepAllRolls } from '../../shared/usecases/audits/roll.ts';
import { auditDeps } from '../../shared/runtime/audit-deps.ts';
import { logger } from '../../shared/runtime/logger.ts';
import { lambda } from '../../shared/runtime/middleware.ts';
import { parseWith } from '../../shared/runtime/parse.ts';

export const handler = lambda(async (event: unknown) => {
  parseWith(scheduledEventSchema, event, 'scheduled event');
  const { results, failed } = await stepAllRolls(auditDeps());
  for (const r of results) logger.info('roll stepped', { advisoryId: r.advisoryId, wave: r.roll?.currentWave, status: r.roll?.status, raised: r.raised, advanced: r.advanced });
  // Every other roll has stepped; failing now makes the errors alarm tell someone, and stepping again is harmless.
  if (failed.length > 0) throw new RollStepsFailedError(failed);
  return { rolls: results.length };
});
