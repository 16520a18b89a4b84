import { describe, expect, it } from 'vitest';
import { budgetLimits, budgetRoom, population, scopeSizes } from '../../../shared/domain/remediation/fleet-size.ts';
import { BudgetConfigSchema } from '../../../shared/domain/safety/budget.ts';

const rows = [
  { service: 'postgres', zone: 'eu-west-1a', count: 60 },
  { service: 'postgres', zone: 'eu-west-1b', count: 40 },
  { service: 'redis', zone: 'eu-west-1a', count: 100 },
  { service: 'kafka', zone: 'on-prem-1', count: 5 },
];
const config = BudgetConfigSchema.parse({});

describe('scope sizes from the image inventory', () => {
  it('adds instances up per fleet, service and zone', () => {
    expect(scopeSizes(rows)).toEqual({
      fleet: 205,
      service: { postgres: 100, redis: 100, kafka: 5 },
      zone: { 'eu-west-1a': 160, 'eu-west-1b': 40, 'on-prem-1': 5 },
    });
  });

  it('adds zones up into regions where the zone names say the region', () => {
    expect(population(rows).region).toEqual({ 'eu-west-1': 200 });
  });
});

describe('budget limits and room', () => {
  it('gives each scope 10% of its size, and at least one', () => {
    const sizes = scopeSizes(rows);
    expect(budgetLimits({ service: 'postgres', zone: 'eu-west-1b' }, sizes, config)).toEqual({ fleet: 20, service: 10, zone: 4 });
    expect(budgetLimits({ service: 'kafka', zone: 'on-prem-1' }, sizes, config)).toEqual({ fleet: 20, service: 1, zone: 1 });
  });

  it('hands out only the free slots of every scope', () => {
    const sizes = scopeSizes(rows);
    const room = budgetRoom({ fleet: 18, service: { postgres: 9 }, zone: { 'eu-west-1b': 3 } }, sizes, config);
    const b = { service: 'postgres', zone: 'eu-west-1b' };
    expect([room(b), room(b)]).toEqual([true, false]);
    expect(room({ service: 'redis', zone: 'eu-west-1a' })).toBe(true);
    expect(room({ service: 'redis', zone: 'eu-west-1a' })).toBe(false);
  });
});
