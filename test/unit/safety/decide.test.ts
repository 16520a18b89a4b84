import { describe, expect, it } from 'vitest';
import { SafetyConfigSchema, decideExecution, openIncidents, validateFreeze } from '../../../shared/domain/safety/index.ts';
import type { ExecutionCandidate, SafetySnapshot } from '../../../shared/domain/safety/index.ts';

const now = new Date('2025-03-01T10:00:00.000Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
const config = SafetyConfigSchema.parse({});
const pg1 = { id: 'pg-1', service: 'postgres' as const, zone: 'eu-west-1a', region: 'eu-west-1' };
const replace: ExecutionCandidate = { instance: pg1, playbook: 'down', action: 'replace' };
const calm: SafetySnapshot = {
  freezes: [],
  incidents: [],
  playbookOutcomes: [],
  inFlight: { fleet: 0, service: {}, zone: {} },
  fleetSize: { fleet: 1000, service: { postgres: 400 }, zone: { 'eu-west-1a': 100 } },
};
const zoneFreeze = validateFreeze(
  {
    id: 'f-1', scope: { kind: 'zone', zone: 'eu-west-1a' }, actor: { kind: 'engineer', id: 'alice' },
    reason: 'AZ maintenance', expiresAt: '2025-03-01T12:00:00.000Z',
  },
  now,
);
const incidents = openIncidents(
  [{
    scope: { kind: 'zone', zone: 'eu-west-1a' }, failed: 30, population: 100, share: 0.3,
    windowStart: '2025-03-01T09:55:00.000Z', instanceIds: [],
  }],
  [],
  now,
);
const failing = Array.from({ length: 6 }, (_, i) => ({ at: ago(600 - i), ok: i >= 4 }));
const spent = { fleet: 10, service: { postgres: 10 }, zone: { 'eu-west-1a': 10 } };

describe('deciding whether a planned action may run', () => {
  it('acts when nothing objects', () => {
    expect(decideExecution(replace, calm, config, now)).toEqual({ kind: 'act' });
  });

  it('holds a frozen instance before anything else, and says who froze it and why', () => {
    const everything = { ...calm, freezes: [zoneFreeze], incidents, playbookOutcomes: failing, inFlight: spent };
    const dryRun = SafetyConfigSchema.parse({ dryRun: { global: true } });
    expect(decideExecution(replace, everything, dryRun, now)).toEqual({
      kind: 'hold',
      reason: 'held by freeze f-1 on zone eu-west-1a until 2025-03-01T12:00:00.000Z, set by alice: "AZ maintenance"; replace of pg-1 was planned, not performed',
      scope: { kind: 'freeze', freezeId: 'f-1', scope: { kind: 'zone', zone: 'eu-west-1a' } },
    });
  });

  it('holds replacement-type actions during a mass-event incident, but lets restarts through', () => {
    const decision = decideExecution(replace, { ...calm, incidents }, config, now);
    expect(decision).toMatchObject({ kind: 'hold', scope: { kind: 'incident', incidentId: 'incident:zone=eu-west-1a:2025-03-01T09:55:00.000Z' } });
    expect(decision.kind === 'hold' && decision.reason).toBe(
      'held by incident incident:zone=eu-west-1a:2025-03-01T09:55:00.000Z: 30 of 100 instances in zone eu-west-1a failed together, so replace of pg-1 waits until the incident is released or resolved',
    );
    expect(decideExecution({ ...replace, action: 'restart' }, { ...calm, incidents }, config, now)).toEqual({ kind: 'act' });
  });

  it('holds and pages once when the playbook breaker is open: the page key stays the same while it is open', () => {
    const first = decideExecution(replace, { ...calm, playbookOutcomes: failing }, config, now);
    const pg7 = { ...replace, instance: { ...pg1, id: 'pg-7' } };
    const later = decideExecution(pg7, { ...calm, playbookOutcomes: failing }, config, new Date(now.getTime() + 60_000));
    expect(first).toMatchObject({ kind: 'hold', scope: { kind: 'breaker', playbook: 'down' }, page: { key: `breaker:down:${ago(596)}` } });
    expect(first.kind === 'hold' && first.page?.summary).toBe('circuit breaker for playbook down is open: 4 of 6 attempts failed in the last 3600 s (67%, limit 50%)');
    expect(later.kind === 'hold' && later.page?.key).toBe(first.kind === 'hold' && first.page?.key);
  });

  it('keeps the page key of an opening while tasks that acted before it keep failing', () => {
    const first = decideExecution(replace, { ...calm, playbookOutcomes: failing }, config, now);
    const more = [...failing, { at: ago(300), ok: false }, { at: ago(120), ok: false }];
    const later = decideExecution(replace, { ...calm, playbookOutcomes: more }, config, now);
    expect(later.kind === 'hold' && later.page?.key).toBe(first.kind === 'hold' && first.page?.key);
  });

  it('prefers the incident hold to the breaker page: the incident has paged already', () => {
    const decision = decideExecution(replace, { ...calm, incidents, playbookOutcomes: failing }, config, now);
    expect(decision).toMatchObject({ kind: 'hold', scope: { kind: 'incident' } });
    expect(decision.kind === 'hold' && decision.page).toBeUndefined();
  });

  it('reports a dry run instead of acting: globally, per playbook or per task', () => {
    const global = SafetyConfigSchema.parse({ dryRun: { global: true } });
    const perPlaybook = SafetyConfigSchema.parse({ dryRun: { playbooks: ['down'] } });
    expect(decideExecution(replace, calm, global, now)).toEqual({ kind: 'dry-run', reason: 'dry run: dry-run mode is on for the whole fleet; would replace pg-1' });
    expect(decideExecution(replace, calm, perPlaybook, now)).toEqual({ kind: 'dry-run', reason: 'dry run: dry-run mode is on for playbook down; would replace pg-1' });
    expect(decideExecution({ ...replace, playbook: 'disk-full', action: 'grow-storage' }, calm, perPlaybook, now)).toEqual({ kind: 'act' });
    expect(decideExecution({ ...replace, taskDryRun: true }, calm, config, now).kind).toBe('dry-run');
  });

  it('does not make a dry run wait for budget it would never spend', () => {
    const global = SafetyConfigSchema.parse({ dryRun: { global: true } });
    expect(decideExecution(replace, { ...calm, inFlight: spent }, global, now).kind).toBe('dry-run');
  });

  it('makes work wait, not vanish, when the budget is spent', () => {
    expect(decideExecution(replace, { ...calm, inFlight: spent }, config, now)).toEqual({
      kind: 'wait',
      reason: 'waiting for blast-radius budget: zone eu-west-1a already has 10 of 100 instances under remediation (limit 10)',
    });
  });
});
