import type { ActionReceipt, FleetAction } from '../shared/domain/fleet.ts';
import { FleetActionRejectedError, FleetUnavailableError } from '../shared/adapters/fleet/errors.ts';
import type { FleetState, SimulatedInstance } from './simulated-types.ts';

/** Everything a simulated action handler needs; handlers mutate `state` in place. */
export interface ActionInput {
  instance: SimulatedInstance;
  action: FleetAction;
  state: FleetState;
  at: string;
  nowMs: number;
  /** False under a `no-effect` fault: check and answer as usual, change nothing that fixes the instance. */
  effective: boolean;
}

export type ReceiptPart = Omit<ActionReceipt, 'operationId'>;

/** Refuses the action the way a control plane answers 4xx. */
export function rejectAction(input: Pick<ActionInput, 'action'>, status: number, message: string): never {
  const { kind, instanceId } = input.action;
  throw new FleetActionRejectedError(status, message, { operation: kind, instanceId });
}

/** Refuses because the zone the action needs is down: transient, the control plane answers 503. */
export function zoneDown(input: Pick<ActionInput, 'action'>, zone: string): never {
  const { kind, instanceId } = input.action;
  throw new FleetUnavailableError('server-error', 1, { operation: kind, instanceId }, { cause: new Error(`zone ${zone} is down`) });
}
