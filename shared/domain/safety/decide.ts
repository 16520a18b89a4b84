import type { FleetActionKind } from '../fleet.ts';
import type { Instance } from '../instance.ts';
import { breakerState } from './breaker.ts';
import type { OutcomeSample } from './breaker.ts';
import { checkBudget } from './budget.ts';
import type { ScopeCounts } from './budget.ts';
import type { SafetyConfig } from './config.ts';
import { dryRunReason } from './dry-run.ts';
import { activeFreezesFor, describeFreezeScope } from './freeze.ts';
import type { Freeze, FreezeScope } from './freeze.ts';
import { holdsReplacement } from './incident.ts';
import type { Incident } from './incident.ts';
import { describeScope } from './mass-event.ts';
import type { IncidentScope } from './mass-event.ts';

/** One fleet action a worker is about to perform. (`page` is not a fleet action and is never held here.) */
export interface ExecutionCandidate {
  instance: Pick<Instance, 'id' | 'service' | 'zone' | 'region'>;
  playbook: string;
  action: FleetActionKind;
  /** The task was planned as a dry run. */
  taskDryRun?: boolean;
  /** The instance is already counted in `inFlight` (a retry, or a later step of its task). */
  alreadyInFlight?: boolean;
}

/** What the worker read from the store before deciding. */
export interface SafetySnapshot {
  freezes: readonly Freeze[];
  incidents: readonly Incident[];
  /** Recent verified/failed attempts of this candidate's playbook, for its circuit breaker. */
  playbookOutcomes: readonly OutcomeSample[];
  inFlight: ScopeCounts;
  fleetSize: ScopeCounts;
}

export type HoldScope =
  | { kind: 'freeze'; freezeId: string; scope: FreezeScope }
  | { kind: 'incident'; incidentId: string; scope: IncidentScope }
  | { kind: 'breaker'; playbook: string };

export type ExecutionDecision =
  | { kind: 'act' }
  | { kind: 'dry-run'; reason: string }
  /** `page`, when present, must be sent once: deduplicate on `key`. */
  | { kind: 'hold'; reason: string; scope: HoldScope; page?: { key: string; summary: string } }
  | { kind: 'wait'; reason: string };

function freezeHold(candidate: ExecutionCandidate, freezes: readonly Freeze[], now: Date): ExecutionDecision | undefined {
  const active = activeFreezesFor(candidate.instance, freezes, now);
  // The freeze that lasts longest is the one that decides when work can resume.
  const [longest] = [...active].sort((a, b) => Date.parse(b.expiresAt) - Date.parse(a.expiresAt));
  if (longest === undefined) return undefined;
  const others = active.length > 1 ? ` (and ${active.length - 1} other freeze(s))` : '';
  const reason =
    `held by freeze ${longest.id} on ${describeFreezeScope(longest.scope)} until ${longest.expiresAt}, ` +
    `set by ${longest.actor.id}: "${longest.reason}"${others}; ` +
    `${candidate.action} of ${candidate.instance.id} was planned, not performed`;
  return { kind: 'hold', reason, scope: { kind: 'freeze', freezeId: longest.id, scope: longest.scope } };
}

function incidentHold(candidate: ExecutionCandidate, incidents: readonly Incident[]): ExecutionDecision | undefined {
  const incident = holdsReplacement(incidents, candidate.instance, candidate.action);
  if (incident === undefined) return undefined;
  const { failed, population } = incident.counts;
  const reason =
    `held by incident ${incident.id}: ` +
    `${failed} of ${population} instances in ${describeScope(incident.scope)} failed together, ` +
    `so ${candidate.action} of ${candidate.instance.id} waits until the incident is released or resolved`;
  return { kind: 'hold', reason, scope: { kind: 'incident', incidentId: incident.id, scope: incident.scope } };
}

function breakerHold(
  candidate: ExecutionCandidate,
  outcomes: readonly OutcomeSample[],
  config: SafetyConfig,
  now: Date,
): ExecutionDecision | undefined {
  const breaker = breakerState(outcomes, config.breaker, now);
  if (breaker.state === 'closed') return undefined;
  const summary = `circuit breaker for playbook ${candidate.playbook} is open: ${breaker.reason}`;
  return {
    kind: 'hold',
    reason: `held: ${summary}; ${candidate.action} of ${candidate.instance.id} waits until it closes`,
    scope: { kind: 'breaker', playbook: candidate.playbook },
    // Keyed to the opening, not the last failure: tasks that acted before it opened may still fail afterwards.
    page: { key: `breaker:${candidate.playbook}:${breaker.openedAt}`, summary },
  };
}

/**
 * Decides whether a planned fleet action may run now. The checks run in a fixed order, and the first
 * that objects decides:
 * 1. an active freeze in the instance's scope -> hold (a human's explicit word outranks automation);
 * 2. an open incident covering the instance, for replacement-type actions -> hold (the signals are suspect);
 * 3. the playbook's circuit breaker is open -> hold, and page once (the remedy itself is suspect);
 * 4. dry run (task, global or playbook) -> dry-run (after the holds, so a dry run reports what would really happen);
 * 5. the blast-radius budget is spent -> wait (it clears by itself; a dry run never consumes budget);
 * otherwise act.
 */
export function decideExecution(
  candidate: ExecutionCandidate,
  snapshot: SafetySnapshot,
  config: SafetyConfig,
  now: Date,
): ExecutionDecision {
  const held =
    freezeHold(candidate, snapshot.freezes, now) ??
    incidentHold(candidate, snapshot.incidents) ??
    breakerHold(candidate, snapshot.playbookOutcomes, config, now);
  if (held !== undefined) return held;
  const dryRun = dryRunReason(config.dryRun, candidate.playbook, candidate.taskDryRun);
  if (dryRun !== undefined) {
    return { kind: 'dry-run', reason: `${dryRun}; would ${candidate.action} ${candidate.instance.id}` };
  }
  const { instance, action, alreadyInFlight } = candidate;
  const budget = checkBudget(
    { instanceId: instance.id, service: instance.service, zone: instance.zone, actionKind: action, alreadyInFlight },
    snapshot.inFlight,
    snapshot.fleetSize,
    config.budget,
  );
  return budget.kind === 'wait' ? { kind: 'wait', reason: budget.reason } : { kind: 'act' };
}
