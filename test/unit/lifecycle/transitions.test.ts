import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, ValidationError } from '../../../shared/domain/errors.ts';
import { LIFECYCLE_STATES, type LifecycleState } from '../../../shared/domain/instance.ts';
import { isLegalTransition, register, transition, TRANSITIONS } from '../../../shared/domain/lifecycle.ts';
import { aCause, anInstance, anInstanceSpec, engineer } from '../../support/factories.ts';

const now = new Date('2026-11-22T10:00:00.000Z');

/** The table written out by hand: the test fails if someone edits the domain table by accident. */
const EXPECTED_EDGES: Record<LifecycleState, LifecycleState[]> = {
  installing: ['available', 'unavailable', 'terminated'],
  available: ['uncertain', 'unavailable', 'restart', 'upgrading', 'retiring'],
  uncertain: ['available', 'unavailable', 'restart', 'retiring'],
  unavailable: ['available', 'restart', 'upgrading', 'retiring'],
  restart: ['available', 'unavailable'],
  upgrading: ['available', 'unavailable'],
  retiring: ['retired'],
  retired: ['archived', 'terminated'],
  archived: ['terminated'],
  terminated: [],
};

const allPairs = LIFECYCLE_STATES.flatMap((from) => LIFECYCLE_STATES.map((to) => [from, to] as const));

describe('the legal-transition table', () => {
  it('matches the documented edges exactly', () => {
    for (const from of LIFECYCLE_STATES) {
      expect(Object.keys(TRANSITIONS[from]).sort()).toEqual([...EXPECTED_EDGES[from]].sort());
    }
  });

  it.each(allPairs)('%s -> %s is accepted only when it is a documented edge', (from, to) => {
    const instance = anInstance({ state: from, version: 7 });
    const change = { actor: engineer, reason: 'test', cause: aCause() };
    if (EXPECTED_EDGES[from].includes(to)) {
      const { instance: next, entry } = transition(instance, to, change, now);
      expect(next.state).toBe(to);
      expect(next.version).toBe(8);
      expect(entry).toMatchObject({ from, to, version: 8, at: now.toISOString(), actor: engineer });
    } else {
      expect(() => transition(instance, to, change, now)).toThrow(IllegalTransitionError);
    }
  });

  it('keeps terminated final and never returns retired or archived instances to service', () => {
    for (const to of LIFECYCLE_STATES) expect(isLegalTransition('terminated', to)).toBe(false);
    for (const from of ['retired', 'archived'] as const) {
      for (const to of ['available', 'uncertain', 'unavailable', 'restart', 'upgrading', 'installing'] as const) {
        expect(isLegalTransition(from, to)).toBe(false);
      }
    }
  });

  it('gives every legal transition a line of reasoning', () => {
    for (const [, edges] of Object.entries(TRANSITIONS)) {
      for (const reason of Object.values(edges)) expect(reason.length).toBeGreaterThan(10);
    }
  });
});

describe('transition', () => {
  it('names the instance and both states when a transition is illegal', () => {
    const instance = anInstance({ id: 'pg-9', state: 'terminated' });
    expect(() => transition(instance, 'available', { actor: engineer, reason: 'x', cause: aCause() }, now)).toThrow(
      'instance pg-9 cannot go from terminated to available',
    );
  });

  it('rejects an empty reason before looking at the table', () => {
    const instance = anInstance({ state: 'available' });
    expect(() => transition(instance, 'uncertain', { actor: engineer, reason: '  ', cause: aCause() }, now)).toThrow(ValidationError);
  });

  it('clears the silence marker when an instance becomes available again', () => {
    const instance = anInstance({ state: 'uncertain', silentSince: '2026-11-22T09:58:00.000Z' });
    const { instance: next } = transition(instance, 'available', { actor: engineer, reason: 'heartbeat', cause: aCause() }, now);
    expect(next.silentSince).toBeUndefined();
  });
});

describe('register', () => {
  it('starts a new instance in installing at version 1 with a first history entry from nothing', () => {
    const { instance, entry } = register(anInstanceSpec({ id: 'redis-1', service: 'redis' }), { actor: engineer, reason: 'new', cause: aCause() }, now);
    expect(instance).toMatchObject({ id: 'redis-1', state: 'installing', version: 1, stateSince: now.toISOString() });
    expect(entry).toMatchObject({ from: null, to: 'installing', version: 1 });
  });
});
