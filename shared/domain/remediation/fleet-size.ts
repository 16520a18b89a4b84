/**
 * How big each scope is, from the ledger's image inventory (in-service instances per service, zone and image):
 * the denominators of blast-radius budgets and of mass-event shares.
 */
import { budgetLimit } from '../safety/budget.ts';
import type { BudgetConfig, ScopeCounts } from '../safety/budget.ts';
import type { Population } from '../safety/mass-event.ts';
import type { BudgetRoom } from './agenda.ts';
import { regionOfZone } from './scope.ts';

export interface InventoryCount {
  service: string;
  zone: string;
  count: number;
}

const add = (map: Record<string, number>, key: string, n: number) => {
  map[key] = (map[key] ?? 0) + n;
};

/** Instances per fleet, service and zone. */
export function scopeSizes(rows: readonly InventoryCount[]): ScopeCounts {
  const sizes = { fleet: 0, service: {} as Record<string, number>, zone: {} as Record<string, number> };
  for (const row of rows) {
    sizes.fleet += row.count;
    add(sizes.service, row.service, row.count);
    add(sizes.zone, row.zone, row.count);
  }
  return sizes;
}

/** Instances per zone, region (see `regionOfZone`) and service, for mass-event shares. */
export function population(rows: readonly InventoryCount[]): Population {
  const sizes = scopeSizes(rows);
  const region: Record<string, number> = {};
  for (const [zone, n] of Object.entries(sizes.zone)) {
    const name = regionOfZone(zone);
    if (name !== undefined) add(region, name, n);
  }
  return { zone: sizes.zone, region, service: sizes.service };
}

export interface ScopeLimits {
  fleet: number;
  service: number;
  zone: number;
}

/**
 * The most instances that may be under remediation at once in the candidate's fleet, service and zone: the
 * same limits `checkBudget` applies, for the store to enforce atomically with conditional counters.
 *
 * @example budgetLimits({ service: 'redis', zone: 'eu-west-1a' }, sizes, config.budget) // { fleet: 100, service: 30, zone: 10 }
 */
export function budgetLimits(
  placement: { service: string; zone: string },
  sizes: ScopeCounts,
  config: BudgetConfig,
): ScopeLimits {
  return {
    fleet: budgetLimit(config.fleetShare, sizes.fleet, config.minInFlight),
    service: budgetLimit(config.serviceShare, sizes.service[placement.service] ?? 0, config.minInFlight),
    zone: budgetLimit(config.zoneShare, sizes.zone[placement.zone] ?? 0, config.minInFlight),
  };
}

/**
 * Free budget slots per scope, as a `BudgetRoom`: each call that answers true takes a slot in the fleet, the
 * placement's service and its zone. Used to wake no more waiting tasks than could act.
 */
export function budgetRoom(inFlight: ScopeCounts, sizes: ScopeCounts, config: BudgetConfig): BudgetRoom {
  const used = { fleet: inFlight.fleet, service: { ...inFlight.service }, zone: { ...inFlight.zone } };
  return (placement) => {
    const limits = budgetLimits(placement, sizes, config);
    const { service, zone } = placement;
    const fits = used.fleet < limits.fleet && (used.service[service] ?? 0) < limits.service && (used.zone[zone] ?? 0) < limits.zone;
    if (!fits) return false;
    used.fleet += 1;
    used.service[service] = (used.service[service] ?? 0) + 1;
    used.zone[zone] = (used.zone[zone] ?? 0) + 1;
    return true;
  };
}
