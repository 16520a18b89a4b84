import { recordProvisioning } from '../../shared/usecases/provisioning.ts';
import { provisioningEvent } from '../../shared/schemas/fleet-events.ts';
import { runtimeDeps } from '../../shared/runtime/deps.ts';
import { logger } from '../../shared/runtime/logger.ts';
import { lambda } from '../../shared/runtime/middleware.ts';
import { parseWith } from '../../shared/runtime/parse.ts';

export const handler = lambda(async (event: unknown) => {
  const parsed = parseWith(provisioningEvent, event, 'fleet provisioning event');
  const result = await recordProvisioning(runtimeDeps(), parsed);
  logger.info('provisioning recorded', { instanceId: result.instance.id, to: result.instance.state, outcome: result.outcome });
  return { outcome: result.outcome, instanceId: result.instance.id, state: result.instance.state };
});
