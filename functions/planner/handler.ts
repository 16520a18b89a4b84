import { plannerEventSchema } from '../../shared/schemas/remediation.ts';
import { recordFailure } from '../../shared/usecases/remediation/mass-events.ts';
import { planFromCondition } from '../../shared/usecases/remediation/plan.ts';
import { runPlannerTick } from '../../shared/usecases/remediation/tick.ts';
import { logger } from '../../shared/runtime/logger.ts';
import { lambda } from '../../shared/runtime/middleware.ts';
import { parseWith } from '../../shared/runtime/parse.ts';
import { plannerDeps } from '../../shared/runtime/remediation-deps.ts';
import type { PlannerDeps } from '../../shared/usecases/remediation/deps.ts';

/** The function's body over its deps: Lambda wires them from the environment, the twin over memory (twin/wiring.ts). */
export const plannerHandler = (depsOf: () => PlannerDeps) => async (event: unknown) => {
  const input = parseWith(plannerEventSchema, event, 'planner event');
  const deps = depsOf();
  if (input['detail-type'] === 'Scheduled Event') {
    const tick = await runPlannerTick(deps);
    logger.info('planner tick', { ...tick });
    return tick;
  }
  if (input['detail-type'] === 'ConditionRaised') {
    const planned = await planFromCondition(deps, input.detail);
    logger.info('condition planned', { instanceId: input.detail.instanceId, condition: input.detail.condition, ...planned });
    return planned;
  }
  const incidentsOpened = await recordFailure(deps, input.detail);
  return { instanceId: input.detail.instanceId, to: input.detail.to, incidentsOpened };
};

export const handler = lambda(plannerHandler(plannerDeps));
