import type { Instance } from '../../../shared/domain/instance.ts';
import type { ActionReceipt } from '../../../shared/domain/fleet.ts';
import {
  loadPlaybooks,
  nextAction,
  planRemediation,
  recordOutcome,
} from '../../../shared/domain/playbooks/index.ts';
import type {
  Decision,
  Peer,
  Playbook,
  RemediationContext,
  RemediationTask,
  VerificationProbe,
} from '../../../shared/domain/playbooks/index.ts';

export const T0 = new Date('2025-03-01T10:00:00.000Z');
/** The injected clock: `at(90)` is 90 seconds after T0. */
export const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

export const playbooks = loadPlaybooks();

export function playbook(name: string): Playbook {
  const found = playbooks.byName.get(name);
  if (found === undefined) throw new Error(`test setup: no playbook ${name}`);
  return found;
}

export function instance(overrides: Partial<Instance> = {}): Instance {
  return {
    id: 'pg-1',
    service: 'postgres',
    plan: 'standard',
    region: 'eu-west-1',
    zone: 'eu-west-1a',
    cellId: 'cell-1',
    image: { name: 'postgres-16', version: '1.3' },
    role: { kind: 'primary', cluster: 'c1' },
    state: 'unavailable',
    version: 4,
    stateSince: T0.toISOString(),
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function replica(id: string, zone: string, lagSeconds: number | undefined, state: Peer['state'] = 'available'): Peer {
  const peer: Peer = { id, zone, state, role: { kind: 'replica', cluster: 'c1' } };
  if (lagSeconds !== undefined) peer.replication = { lagSeconds };
  return peer;
}

export function context(overrides: Partial<RemediationContext> = {}): RemediationContext {
  return { instance: instance(), peers: [], currentImage: { name: 'postgres-16', version: '1.4' }, ...overrides };
}

export function plan(condition: string, target: Instance = instance(), causeId = 'alarm-1'): RemediationTask {
  const planned = planRemediation({ condition, instance: target, cause: { kind: 'alarm', id: causeId } }, T0, playbooks);
  if (planned.kind !== 'plan') throw new Error(`test setup: ${planned.reason}`);
  return planned.task;
}

export function healthy(instanceId: string, seconds: number, extra: Partial<VerificationProbe> = {}): VerificationProbe {
  return { instanceId, at: at(seconds).toISOString(), reachable: true, healthy: true, ...extra };
}

export function unhealthy(instanceId: string, seconds: number): VerificationProbe {
  return { instanceId, at: at(seconds).toISOString(), reachable: true, healthy: false };
}

/**
 * Plays the worker's bookkeeping: records every decision that only moves the task (retry, advance,
 * skip) and stops at the first decision that needs the outside world (act, verify) or ends the task.
 * Returns the decisions it passed through, so tests can read the path taken.
 */
export function proceed(
  task: RemediationTask,
  ctx: RemediationContext,
  now: Date,
): { task: RemediationTask; decision: Decision; trail: Decision[] } {
  const pb = playbook(task.playbook);
  const trail: Decision[] = [];
  let current = task;
  for (let i = 0; i < 20; i += 1) {
    const decision = nextAction(current, pb, ctx, now);
    trail.push(decision);
    if (decision.kind !== 'retry-step' && decision.kind !== 'advance' && decision.kind !== 'skip-step') {
      return { task: current, decision, trail };
    }
    current = recordOutcome(current, decision, now);
  }
  throw new Error('test setup: the task did not settle in 20 decisions');
}

/** Runs one attempt end to end: act, the provider accepts, then one probe at `probeAt` seconds. */
export function attempt(
  task: RemediationTask,
  ctx: RemediationContext,
  startAt: number,
  probe: (probeInstanceId: string) => VerificationProbe,
  receipt: ActionReceipt = { operationId: 'op-1' },
): { task: RemediationTask; trail: Decision[] } {
  const { task: ready, decision, trail } = proceed(task, ctx, at(startAt));
  if (decision.kind !== 'act') throw new Error(`test setup: expected act, got ${decision.kind}`);
  let next = recordOutcome(ready, decision, at(startAt));
  next = recordOutcome(next, { kind: 'acted', receipt }, at(startAt + 1));
  const verify = nextAction(next, playbook(task.playbook), ctx, at(startAt + 2));
  if (verify.kind !== 'verify') throw new Error(`test setup: expected verify, got ${verify.kind}`);
  const probed = probe(verify.instanceId);
  next = recordOutcome(next, { kind: 'probed', probe: probed }, new Date(probed.at));
  return { task: next, trail };
}

/** Narrows a decision to the expected kind, failing the test with the whole decision otherwise. */
export function expectDecision<K extends Decision['kind']>(decision: Decision, kind: K): Extract<Decision, { kind: K }> {
  if (decision.kind !== kind) throw new Error(`expected a ${kind} decision, got ${JSON.stringify(decision)}`);
  return decision as Extract<Decision, { kind: K }>;
}
