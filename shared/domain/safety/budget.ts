import * as z from 'zod';
import { FLEET_ACTIONS } from '../fleet.ts';
import type { FleetActionKind } from '../fleet.ts';

/**
 * Blast-radius budgets, in the spirit of AWS Config remediation's default 10% concurrency: at most a
 * share of the fleet, of one service and of one zone may be under remediation at once.
 *
 * Defaults: 10% at every scope, but never fewer than `minInFlight` (1) instances per scope, so that a
 * small fleet (or a zone of 5 instances, where 10% rounds down to 0) can still heal one at a time.
 * `exemptActions` (none by default) lists actions that consume no budget.
 */
export const BudgetConfigSchema = z.object({
  fleetShare: z.number().gt(0).max(1).default(0.1),
  serviceShare: z.number().gt(0).max(1).default(0.1),
  zoneShare: z.number().gt(0).max(1).default(0.1),
  minInFlight: z.number().int().min(1).default(1),
  exemptActions: z.array(z.enum(FLEET_ACTIONS)).default([]),
});
export type BudgetConfig = z.infer<typeof BudgetConfigSchema>;

/** Instance counts per scope: instances under remediation, or instances in service. Missing keys are 0. */
export interface ScopeCounts {
  fleet: number;
  service: Readonly<Record<string, number>>;
  zone: Readonly<Record<string, number>>;
}

export interface BudgetCandidate {
  instanceId: string;
  service: string;
  zone: string;
  actionKind: FleetActionKind;
  /** True when `inFlight` already counts this instance (a retry or the next step of its task). */
  alreadyInFlight?: boolean;
}

export interface BudgetUse {
  scope: 'fleet' | 'service' | 'zone';
  name: string;
  inFlight: number;
  size: number;
  limit: number;
}

export type BudgetDecision = { kind: 'allow'; uses: BudgetUse[] } | { kind: 'wait'; reason: string; exceeded: BudgetUse[] };

/** floor(share x size), at least `minInFlight`. The epsilon keeps 0.29 x 100 from flooring to 28. */
export function budgetLimit(share: number, size: number, minInFlight: number): number {
  return Math.max(minInFlight, Math.floor(share * size + 1e-9));
}

function describeUse(use: BudgetUse): string {
  const where = use.scope === 'fleet' ? 'the fleet' : `${use.scope} ${use.name}`;
  return `${where} already has ${use.inFlight} of ${use.size} instances under remediation (limit ${use.limit})`;
}

/**
 * May one more instance start remediating? Allowed while, with it, every scope stays within its limit:
 * with a limit of 10, 9 in flight allows the 10th and 10 in flight makes the 11th wait. Over-budget
 * work waits (its task stays queued); it is never dropped.
 *
 * @example
 *   const candidate = { instanceId: 'pg-1', service: 'postgres', zone: 'eu-west-1a', actionKind: 'restart' };
 *   checkBudget(candidate, inFlight, sizes, config) // { kind: 'wait', reason: 'waiting for blast-radius budget: ...' }
 */
export function checkBudget(
  candidate: BudgetCandidate,
  inFlight: ScopeCounts,
  fleetSize: ScopeCounts,
  config: BudgetConfig,
): BudgetDecision {
  if (config.exemptActions.includes(candidate.actionKind)) return { kind: 'allow', uses: [] };
  const self = candidate.alreadyInFlight === true ? 1 : 0;
  const { service, zone } = candidate;
  const scopes: Array<[BudgetUse['scope'], string, number, number, number]> = [
    ['fleet', 'fleet', inFlight.fleet, fleetSize.fleet, config.fleetShare],
    ['service', service, inFlight.service[service] ?? 0, fleetSize.service[service] ?? 0, config.serviceShare],
    ['zone', zone, inFlight.zone[zone] ?? 0, fleetSize.zone[zone] ?? 0, config.zoneShare],
  ];
  const uses = scopes.map(([scope, name, count, size, share]): BudgetUse => {
    const limit = budgetLimit(share, size, config.minInFlight);
    return { scope, name, inFlight: Math.max(0, count - self), size, limit };
  });
  const exceeded = uses.filter((use) => use.inFlight + 1 > use.limit);
  if (exceeded.length === 0) return { kind: 'allow', uses };
  const reason = `waiting for blast-radius budget: ${exceeded.map(describeUse).join('; ')}`;
  return { kind: 'wait', reason, exceeded };
}
