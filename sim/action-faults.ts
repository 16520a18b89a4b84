import type { FleetAction } from '../shared/domain/fleet.ts';
import type { ActionFault, ActionFaultMode } from './simulated-types.ts';

interface ArmedFault {
  fault: ActionFault;
  remaining: number;
}

/** Injected action faults, matched in the order they were injected; each match uses up one of its `times`. */
export class ActionFaults {
  private armed: ArmedFault[] = [];

  inject(fault: ActionFault): void {
    const remaining = fault.times ?? Number.POSITIVE_INFINITY;
    if (!(remaining > 0)) throw new RangeError(`an action fault needs times > 0, got ${fault.times}`);
    this.armed.push({ fault: { ...fault }, remaining });
  }

  clear(): void {
    this.armed = [];
  }

  /** The mode of the first fault that matches the action, consuming one use of it; undefined if none. */
  take(action: Pick<FleetAction, 'kind' | 'instanceId'>): ActionFaultMode | undefined {
    const hit = this.armed.find(({ fault }) => matches(fault, action));
    if (hit === undefined) return undefined;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.armed = this.armed.filter((armed) => armed !== hit);
    return hit.fault.mode;
  }
}

function matches(fault: ActionFault, action: Pick<FleetAction, 'kind' | 'instanceId'>): boolean {
  if (fault.kind !== undefined && fault.kind !== action.kind) return false;
  return fault.instanceId === undefined || fault.instanceId === action.instanceId;
}
