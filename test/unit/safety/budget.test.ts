import { describe, expect, it } from 'vitest';
import { BudgetConfigSchema, budgetLimit, checkBudget } from '../../../shared/domain/safety/index.ts';
import type { ScopeCounts } from '../../../shared/domain/safety/index.ts';

const config = BudgetConfigSchema.parse({});
const candidate = { instanceId: 'pg-1', service: 'postgres', zone: 'eu-west-1a', actionKind: 'restart' as const };
const sizes: ScopeCounts = { fleet: 1000, service: { postgres: 400 }, zone: { 'eu-west-1a': 100 } };
const inFlight = (zone: number, service = zone, fleet = service): ScopeCounts => ({
  fleet,
  service: { postgres: service },
  zone: { 'eu-west-1a': zone },
});

describe('blast-radius budgets', () => {
  it('defaults to 10% per fleet, service and zone, never fewer than one instance', () => {
    expect(config).toEqual({ fleetShare: 0.1, serviceShare: 0.1, zoneShare: 0.1, minInFlight: 1, exemptActions: [] });
  });

  it('lets the 10th instance of a 100-instance zone start, reaching the limit exactly', () => {
    expect(checkBudget(candidate, inFlight(9), sizes, config).kind).toBe('allow');
  });

  it('makes the 11th instance of a 100-instance zone wait, naming the zone and the numbers', () => {
    expect(checkBudget(candidate, inFlight(10), sizes, config)).toEqual({
      kind: 'wait',
      reason: 'waiting for blast-radius budget: zone eu-west-1a already has 10 of 100 instances under remediation (limit 10)',
      exceeded: [{ scope: 'zone', name: 'eu-west-1a', inFlight: 10, size: 100, limit: 10 }],
    });
  });

  it('names every scope that is spent', () => {
    const decision = checkBudget(candidate, inFlight(10, 40, 100), sizes, config);
    expect(decision.kind === 'wait' && decision.exceeded.map((u) => u.scope)).toEqual(['fleet', 'service', 'zone']);
  });

  it('still heals a small zone one instance at a time, where 10% rounds down to nothing', () => {
    const small: ScopeCounts = { fleet: 5, service: { postgres: 5 }, zone: { 'eu-west-1a': 5 } };
    expect(checkBudget(candidate, inFlight(0), small, config).kind).toBe('allow');
    expect(checkBudget(candidate, inFlight(1), small, config).kind).toBe('wait');
  });

  it('does not count an instance against itself when it is already in flight (a retry)', () => {
    expect(checkBudget({ ...candidate, alreadyInFlight: true }, inFlight(10), sizes, config).kind).toBe('allow');
  });

  it('lets exempt actions through without spending budget', () => {
    const exempt = BudgetConfigSchema.parse({ exemptActions: ['take-backup'] });
    expect(checkBudget({ ...candidate, actionKind: 'take-backup' }, inFlight(10), sizes, exempt).kind).toBe('allow');
    expect(checkBudget(candidate, inFlight(10), sizes, exempt).kind).toBe('wait');
  });

  it('rounds shares down without floating-point surprises', () => {
    expect(budgetLimit(0.29, 100, 1)).toBe(29);
    expect(budgetLimit(0.1, 19, 1)).toBe(1);
  });

  it('refuses a share above 100% or a minimum below one', () => {
    expect(BudgetConfigSchema.safeParse({ zoneShare: 1.5 }).success).toBe(false);
    expect(BudgetConfigSchema.safeParse({ minInFlight: 0 }).success).toBe(false);
  });
});
