/** Record factories: a valid instance spec or record with overrides, so each test states only what matters. */
import type { Actor, Cause, Instance } from '../../shared/domain/instance.ts';
import type { NewInstance } from '../../shared/domain/lifecycle.ts';

let counter = 0;

export function anInstanceSpec(overrides: Partial<NewInstance> = {}): NewInstance {
  counter += 1;
  return {
    id: `pg-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    service: 'postgres',
    plan: 'postgres-standard',
    region: 'us-east-1',
    zone: 'us-east-1a',
    cellId: 'cell-a1',
    image: { name: 'postgres-16', version: '16.4.1' },
    role: { kind: 'standalone' },
    ...overrides,
  };
}

export function anInstance(overrides: Partial<Instance> = {}): Instance {
  const at = '2026-11-01T00:00:00.000Z';
  return { ...anInstanceSpec(), state: 'available', version: 2, stateSince: at, createdAt: at, ...overrides };
}

export const engineer: Actor = { kind: 'engineer', id: 'alice' };
export const system: Actor = { kind: 'system', id: 'test' };

export function aCause(kind = 'command'): Cause {
  counter += 1;
  return { kind, id: `c-${counter}-${Math.random().toString(36).slice(2, 8)}` };
}

export function fixedClock(iso: string): () => Date {
  return () => new Date(iso);
}
