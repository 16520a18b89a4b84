import type { FleetActionKind } from '../shared/domain/fleet.ts';
import { rejectAction, zoneDown, type ActionInput, type ReceiptPart } from './simulated-action-input.ts';
import { observe } from './simulated-observe.ts';
import { replaceInstance } from './simulated-replace.ts';
import type { SimulatedInstance } from './simulated-types.ts';

interface ActionHandler {
  /** Host-level actions need the instance's zone up; failover and replace act on the cluster. */
  needsZone: boolean;
  run(input: ActionInput): ReceiptPart;
}

const HANDLERS: Record<FleetActionKind, ActionHandler> = {
  restart: { needsZone: true, run: restart },
  failover: { needsZone: false, run: failover },
  replace: { needsZone: false, run: replaceInstance },
  'rebuild-replica': { needsZone: true, run: rebuildReplica },
  'grow-storage': { needsZone: true, run: growStorage },
  'take-backup': { needsZone: true, run: takeBackup },
  'rotate-credentials': { needsZone: true, run: (input) => effect(input, (i) => (i.credentialsRotatedAt = input.at)) },
  'enforce-tls': { needsZone: true, run: (input) => effect(input, (i) => (i.tlsEnforced = true)) },
};

/** Checks the action applies, then applies it (unless not effective). Throws typed errors as a control plane would. */
export function runAction(input: ActionInput): ReceiptPart {
  const handler = HANDLERS[input.action.kind];
  if (handler.needsZone && input.state.failedZones.has(input.instance.zone)) zoneDown(input, input.instance.zone);
  return handler.run(input);
}

function effect(input: ActionInput, change: (instance: SimulatedInstance) => void): ReceiptPart {
  if (input.effective) change(input.instance);
  return { detail: `${input.action.kind} done` };
}

/** Brings a crashed or silent instance back and drops its connections; it does not cure flapping or full disks. */
function restart(input: ActionInput): ReceiptPart {
  return effect(input, (instance) => {
    instance.healthy = true;
    instance.reachable = true;
    instance.connectionsPct = Math.min(instance.connectionsPct, 10);
  });
}

/**
 * Fences the old primary and promotes `params.promote` if given (it must be a healthy replica of the cluster),
 * else the healthiest replica (least lag, then id).
 */
function failover(input: ActionInput): ReceiptPart {
  const { instance: primary, state, nowMs } = input;
  const cluster = primary.role.cluster;
  if (primary.role.kind !== 'primary' || cluster === undefined) rejectAction(input, 409, `${primary.id} is not a primary`);
  const wanted = input.action.params?.promote;
  const candidates = [...state.instances.values()].filter(
    (other) =>
      other.role.kind === 'replica' &&
      other.role.cluster === cluster &&
      (wanted === undefined || other.id === wanted) &&
      observe(other, state, nowMs).healthy,
  );
  candidates.sort((a, b) => a.lagSeconds - b.lagSeconds || a.id.localeCompare(b.id));
  const promoted = candidates[0];
  if (promoted === undefined) {
    rejectAction(input, 409, `cluster ${cluster} has no healthy replica ${wanted === undefined ? '' : `${String(wanted)} `}to promote`);
  }
  if (input.effective) {
    promoted.role = { kind: 'primary', cluster };
    primary.role = { kind: 'replica', cluster };
    primary.fenced = true;
  }
  return { newInstanceId: promoted.id, detail: `fenced ${primary.id}; promoted ${promoted.id}` };
}

function rebuildReplica(input: ActionInput): ReceiptPart {
  if (input.instance.role.kind !== 'replica') rejectAction(input, 409, `${input.instance.id} is not a replica`);
  return effect(input, (instance) => {
    Object.assign(instance, { lagSeconds: 0, fenced: false, healthy: true, reachable: true });
  });
}

/** Grows to `params.sizeGb`, or by `params.growByPct` (default 50); used space stays, so the disk fills less. */
function growStorage(input: ActionInput): ReceiptPart {
  const current = input.instance.storageGb;
  const sizeGb = targetSize(input, current);
  effect(input, (instance) => {
    instance.diskPct = Math.round(((instance.diskPct * current) / sizeGb) * 10) / 10;
    instance.storageGb = sizeGb;
  });
  return { detail: `storage ${current} GB -> ${sizeGb} GB` };
}

function targetSize(input: ActionInput, current: number): number {
  const { sizeGb, growByPct } = input.action.params ?? {};
  if (sizeGb !== undefined) {
    if (typeof sizeGb !== 'number' || !(sizeGb > current)) rejectAction(input, 400, `sizeGb must be a number above the current ${current} GB`);
    return sizeGb;
  }
  const pct = growByPct ?? 50;
  if (typeof pct !== 'number' || !(pct > 0)) rejectAction(input, 400, 'growByPct must be a positive number');
  return Math.ceil(current * (1 + pct / 100));
}

function takeBackup(input: ActionInput): ReceiptPart {
  const seen = observe(input.instance, input.state, input.nowMs);
  if (!seen.healthy || !seen.reachable) rejectAction(input, 409, `${input.instance.id} is not healthy enough to back up`);
  return effect(input, (instance) => (instance.lastBackupAt = input.at));
}
