/**
 * The fleet's provisioning facts, recorded in the ledger. Causes are natural keys (`created:<id>`,
 * `ready:<id>`), so the control plane may resend an event with a new event id and nothing is done twice.
 */
import { InstanceNotFoundError, TransientError } from '../domain/errors.ts';
import type { ProvisioningEvent } from '../schemas/fleet-events.ts';
import { changeState, registerInstance, type ChangeResult, type LedgerDeps } from './ledger.ts';

const FLEET = { kind: 'system', id: 'fleet-control-plane' } as const;

export async function recordProvisioning(deps: LedgerDeps, event: ProvisioningEvent): Promise<ChangeResult> {
  if (event['detail-type'] === 'Instance Created') {
    return registerInstance(deps, event.detail, {
      actor: FLEET,
      reason: 'the fleet created the instance',
      cause: { kind: 'created', id: event.detail.id },
    });
  }
  const { instanceId } = event.detail;
  try {
    return await changeState(deps, instanceId, { kind: 'ready', id: instanceId }, (instance) =>
      instance.state === 'installing'
        ? { to: 'available', reason: 'the fleet reports the instance ready', actor: FLEET }
        : undefined,
    );
  } catch (error) {
    if (error instanceof InstanceNotFoundError) throw new NotYetRegisteredError(instanceId, { cause: error });
    throw error;
  }
}

/**
 * EventBridge does not order events: `Instance Ready` can overtake `Instance Created`. Transient, so that the
 * retry (with backoff) finds the instance registered; an instance that never is ends in the dead-letter queue.
 */
export class NotYetRegisteredError extends TransientError {
  constructor(readonly instanceId: string, options?: { cause?: unknown }) {
    super(`instance ${instanceId} is reported ready but is not registered yet`, options);
  }
}
