import { recordProvisioning } from '../../shared/usecases/provisioning.ts';
import type { LedgerDeps } from '../../shared/usecases/ledger.ts';
import { provisioningEvent } from '../../shared/schemas/fleet-events.ts';
import { runtimeDeps } from '../../shared/runtime/deps.ts';
import { logger } from '../../shared/runtime/logger.ts';
import { lambda } from '../../shared/runtime/middleware.ts';
import { parseWith } from '../../shared/runtime/parse.ts';

/** The function's body over its deps: Lambda wires them from the environment, the twin over memory (twin/wiring.ts). */
export const provisioningHandler = (depsOf: () => LedgerDeps) => async (event: unknown) => {
  const parsed = parseWith(provisioningEvent, event, 'fleet provisioning event');
  const result = await recordProvisioning(depsOf(), parsed);
  logger.info('provisioning recorded', { instanceId: result.instance.id, to: result.instance.state, outcome: result.outcome });
  return { outcome: result.outcome, instanceId: result.instance.id, state: result.instance.state };
};

export const handler = lambda(provisioningHandler(runtimeDeps));
