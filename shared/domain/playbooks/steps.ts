import {
  canEnter,
  hasFailoverTarget,
  inService,
  isReplica,
  knownImage,
  selectFailoverTarget,
  serving,
} from './preconditions.ts';
import type { ActionStep, HealthRequirement, PageSeverity, PageStep, Precondition, StepLifecycle } from './types.ts';

/** What a playbook may tune on a step; every field has a default suited to the step. */
export interface StepOptions {
  maxAttempts?: number;
  verifyWithinSeconds?: number;
  onExhausted?: 'next' | 'escalate';
  onVerified?: 'succeed' | 'next';
  /** Checked after the step's own preconditions. */
  preconditions?: readonly Precondition[];
  /** Checked after the step's own requirements. */
  require?: readonly HealthRequirement[];
}

const UP: readonly HealthRequirement[] = [
  { field: 'reachable', equals: true },
  { field: 'healthy', equals: true },
];
const IN_PLACE: StepLifecycle = { during: 'upgrading', verified: 'available', failed: 'unavailable' };
const UNCHANGED: StepLifecycle = { during: null, verified: null, failed: null };

type Base = Omit<ActionStep, 'maxAttempts' | 'onExhausted' | 'onVerified' | 'verify'> & {
  target?: 'instance' | 'successor';
  require: readonly HealthRequirement[];
  maxAttempts: number;
  withinSeconds: number;
};

function build(base: Base, options: StepOptions): ActionStep {
  const { target = 'instance', require, withinSeconds, ...rest } = base;
  return {
    ...rest,
    preconditions: [...base.preconditions, ...(options.preconditions ?? [])],
    maxAttempts: options.maxAttempts ?? base.maxAttempts,
    verify: {
      target,
      require: [...require, ...(options.require ?? [])],
      withinSeconds: options.verifyWithinSeconds ?? withinSeconds,
    },
    onExhausted: options.onExhausted ?? 'next',
    onVerified: options.onVerified ?? 'succeed',
  };
}

/** Restart in place; verified when the instance answers and reports healthy. */
export function restart(options: StepOptions = {}): ActionStep {
  const base: Base = {
    kind: 'restart',
    description: 'restart the instance in place',
    preconditions: [inService, canEnter('restart')],
    lifecycle: { during: 'restart', verified: 'available', failed: 'unavailable' },
    require: UP,
    maxAttempts: 2,
    withinSeconds: 180,
  };
  return build(base, options);
}

/** Promote the best replica, fencing the old primary first so that two primaries never accept writes. */
export function failover(options: StepOptions & { replicaLagLimitSeconds: number }): ActionStep {
  const limit = options.replicaLagLimitSeconds;
  const base: Base = {
    kind: 'failover',
    description: `fence the primary and promote an available replica in another zone lagging under ${limit} s`,
    preconditions: [inService, hasFailoverTarget(limit)],
    lifecycle: UNCHANGED,
    params: (context) => {
      const target = selectFailoverTarget(context, limit);
      // Preconditions ran first, so a target exists; without one there is nothing to send.
      return 'peer' in target ? { promote: target.peer.id, fenceFirst: true } : undefined;
    },
    target: 'successor',
    // Healthy is not enough: the replica was healthy before. Only its answering as primary shows the promotion.
    require: [...UP, { field: 'role', equals: 'primary' }],
    maxAttempts: 1,
    withinSeconds: 120,
  };
  return build(base, options);
}

/** Immutable replacement: a new instance from the current image takes over; the old one retires. */
export function replace(options: StepOptions = {}): ActionStep {
  const base: Base = {
    kind: 'replace',
    description: 'build a new instance from the current image and hand over to it; the old one retires',
    preconditions: [inService, knownImage],
    lifecycle: { during: null, verified: 'retiring', failed: null },
    params: ({ currentImage }) => (currentImage ? { image: `${currentImage.name}@${currentImage.version}` } : undefined),
    target: 'successor',
    require: UP,
    maxAttempts: 1,
    withinSeconds: 900,
  };
  return build(base, options);
}

/** Discard a replica's copy and re-seed it from its primary. */
export function rebuildReplica(options: StepOptions & { replicaLagLimitSeconds: number }): ActionStep {
  const base: Base = {
    kind: 'rebuild-replica',
    description: 're-seed the replica from its primary',
    preconditions: [inService, isReplica, canEnter('upgrading')],
    lifecycle: IN_PLACE,
    require: [...UP, { field: 'replicationLagSeconds', below: options.replicaLagLimitSeconds }],
    maxAttempts: 1,
    withinSeconds: 1800,
  };
  return build(base, options);
}

/** Grow the volume online; verified when disk use is back under the target. */
export function growStorage(options: StepOptions & { growByPct: number; targetDiskPct: number }): ActionStep {
  const base: Base = {
    kind: 'grow-storage',
    description: `grow storage by ${options.growByPct}% until disk use is under ${options.targetDiskPct}%`,
    preconditions: [inService, canEnter('upgrading')],
    lifecycle: IN_PLACE,
    params: () => ({ growByPct: options.growByPct }),
    require: [...UP, { field: 'diskPct', below: options.targetDiskPct }],
    maxAttempts: 2,
    withinSeconds: 600,
  };
  return build(base, options);
}

/** Take an on-demand backup; verified only by a backup newer than the action. */
export function takeBackup(options: StepOptions = {}): ActionStep {
  const base: Base = {
    kind: 'take-backup',
    description: 'take an on-demand backup',
    preconditions: [serving],
    lifecycle: UNCHANGED,
    require: [{ field: 'lastBackupAt', after: 'acted' }],
    maxAttempts: 2,
    withinSeconds: 3600,
  };
  return build(base, options);
}

/** Rotate the service credentials; verified by a rotation newer than the action and a healthy instance. */
export function rotateCredentials(options: StepOptions = {}): ActionStep {
  const base: Base = {
    kind: 'rotate-credentials',
    description: 'rotate the service credentials',
    preconditions: [serving],
    lifecycle: IN_PLACE,
    require: [...UP, { field: 'credentialsRotatedAt', after: 'acted' }],
    maxAttempts: 2,
    withinSeconds: 300,
  };
  return build(base, options);
}

/** Require TLS for every client connection; verified when the instance reports it enforced. */
export function enforceTls(options: StepOptions = {}): ActionStep {
  const base: Base = {
    kind: 'enforce-tls',
    description: 'require TLS on every client connection',
    preconditions: [serving],
    lifecycle: IN_PLACE,
    require: [...UP, { field: 'tlsEnforced', equals: true }],
    maxAttempts: 2,
    withinSeconds: 300,
  };
  return build(base, options);
}

/** Hand over to a human. Every playbook ends with one. */
export function page(severity: PageSeverity, description = 'page the on-call engineer with what was tried'): PageStep {
  return { kind: 'page', severity, description };
}
