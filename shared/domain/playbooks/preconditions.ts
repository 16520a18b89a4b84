import { isLegalTransition, LEAVING_SERVICE } from '../lifecycle.ts';
import type { LifecycleState } from '../instance.ts';
import type { Check, Peer, Precondition, StepContext } from './types.ts';

const OK: Check = { ok: true };
const fail = (reason: string): Check => ({ ok: false, reason });

/** Acting on an instance that is being replaced or deleted would fight the handover. */
export const inService: Precondition = {
  name: 'in-service',
  check: ({ instance }) =>
    LEAVING_SERVICE.has(instance.state)
      ? fail(`${instance.id} is ${instance.state}: it is leaving service`)
      : OK,
};

/** Maintenance such as a backup or a credential rotation needs a running, healthy instance. */
export const serving: Precondition = {
  name: 'serving',
  check: ({ instance }) =>
    instance.state === 'available' ? OK : fail(`${instance.id} is ${instance.state}, not available`),
};

/**
 * The ledger must allow the state the step enters. Being in that state already is fine: it means an
 * earlier delivery of the same attempt got that far, and the action is idempotent.
 */
export function canEnter(state: LifecycleState): Precondition {
  return {
    name: `can-enter-${state}`,
    check: ({ instance }) =>
      instance.state === state || isLegalTransition(instance.state, state)
        ? OK
        : fail(`${instance.id} is ${instance.state} and cannot go to ${state}`),
  };
}

/** Rebuilding discards the instance's data and re-copies it from the primary: only for replicas. */
export const isReplica: Precondition = {
  name: 'is-replica',
  check: ({ instance }) =>
    instance.role.kind === 'replica'
      ? OK
      : fail(`${instance.id} is a ${instance.role.kind}, not a replica: rebuilding would discard the data it serves`),
};

/** Replacement builds from the current image; without one there is nothing safe to build from. */
export const knownImage: Precondition = {
  name: 'known-image',
  check: ({ instance, currentImage }) =>
    currentImage === undefined ? fail(`no current image is known for ${instance.service}`) : OK,
};

/** Replacing an instance with the image it already runs would reinstall what we are fixing. */
export const newerImage: Precondition = {
  name: 'newer-image',
  check: ({ instance, currentImage }) =>
    currentImage !== undefined &&
    currentImage.name === instance.image.name &&
    currentImage.version === instance.image.version
      ? fail(`${instance.id} already runs the current image ${currentImage.name}@${currentImage.version}`)
      : OK,
};

/** A primary may only be replaced after this task failed it over; otherwise its cluster goes down with it. */
export const notServingPrimary: Precondition = {
  name: 'not-serving-primary',
  check: ({ instance, verifiedSteps }) =>
    instance.role.kind === 'primary' && !verifiedSteps.includes('failover')
      ? fail(`${instance.id} is a primary that was not failed over: replacing it would take its cluster down`)
      : OK,
};

function rejection(peer: Peer, context: StepContext, lagLimitSeconds: number): string | undefined {
  const lag = peer.replication?.lagSeconds;
  if (peer.state !== 'available') return `${peer.id} is ${peer.state}`;
  if (peer.zone === context.instance.zone) return `${peer.id} is in the same zone (${peer.zone})`;
  if (lag === undefined) return `${peer.id} reports no replication lag`;
  if (lag >= lagLimitSeconds) return `${peer.id} lags ${lag} s (limit ${lagLimitSeconds} s)`;
  return undefined;
}

function byLagThenId(a: Peer, b: Peer): number {
  const lag = (a.replication?.lagSeconds ?? 0) - (b.replication?.lagSeconds ?? 0);
  if (lag !== 0) return lag;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Picks the replica to promote: available, in another zone, lagging less than the limit; the least
 * lagging wins, ties go to the lowest id so that every delivery picks the same one.
 */
export function selectFailoverTarget(context: StepContext, lagLimitSeconds: number): { peer: Peer } | { reason: string } {
  const { instance } = context;
  if (instance.role.kind !== 'primary') return { reason: `${instance.id} is a ${instance.role.kind}, not a primary` };
  const cluster = instance.role.cluster;
  if (cluster === undefined) return { reason: `${instance.id} belongs to no cluster` };
  const replicas = context.peers.filter(
    (p) => p.id !== instance.id && p.role.kind === 'replica' && p.role.cluster === cluster,
  );
  if (replicas.length === 0) return { reason: `cluster ${cluster} has no replicas` };
  const rejected = replicas.map((peer) => rejection(peer, context, lagLimitSeconds));
  const eligible = replicas.filter((_, i) => rejected[i] === undefined);
  eligible.sort(byLagThenId);
  const [best] = eligible;
  if (best !== undefined) return { peer: best };
  return { reason: `no replica of cluster ${cluster} can take over: ${rejected.filter(Boolean).join(', ')}` };
}

/** Failover needs a primary with a healthy replica in another zone (see `selectFailoverTarget`). */
export function hasFailoverTarget(lagLimitSeconds: number): Precondition {
  return {
    name: 'healthy-replica-in-another-zone',
    check: (context) => {
      const target = selectFailoverTarget(context, lagLimitSeconds);
      return 'peer' in target ? OK : fail(target.reason);
    },
  };
}
