/**
 * The fleet's provisioning facts, recorded in the ledger. Causes are natural keys (`created:<id>`,
 * `ready:<id>`), so the control plane may resend an event with a new event id and nothing is done twice.
 */
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
  return changeState(deps, instanceId, { kind: 'ready', id: instanceId }, (instance) =>
    instance.state === 'installing'
      ? { to: 'available', reason: 'the fleet reports the instance ready', actor: FLEET }
      : undefined,
  );
}
