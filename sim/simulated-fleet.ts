import { InstanceNotFoundError } from '../shared/domain/errors.ts';
import type { ActionReceipt, FleetAction } from '../shared/domain/fleet.ts';
import type { ImageRef, Service } from '../shared/domain/instance.ts';
import { ActionFaults } from './action-faults.ts';
import { FleetActionRejectedError, FleetUnavailableError } from '../shared/adapters/fleet/errors.ts';
import { createPrng, type Prng } from './prng.ts';
import { rejectAction } from './simulated-action-input.ts';
import { runAction } from './simulated-actions.ts';
import { copyInstance, DEFAULT_IMAGES, newSimulatedInstance } from './simulated-instance.ts';
import { heartbeatsOf, probeOf } from './simulated-observe.ts';
import type { FleetProbe } from '../shared/adapters/fleet/wire.ts';
import type { ActionFault, CellHeartbeat, FleetState, PerformedAction, SimulatedInstance, SimulatedInstanceSpec } from './simulated-types.ts';

export interface SimulatedFleetOptions {
  now: () => Date;
  /** Seeds the metric noise; the same seed and the same calls give the same reports. */
  seed?: number;
  instances?: readonly SimulatedInstanceSpec[];
}

/**
 * An in-memory fleet for the local stack and tests: instances, their cells and zones, fault injection and the
 * eight remediation actions. Every action is idempotent by its key: a replayed key returns the first receipt
 * and acts no more (`actionsPerformed` counts what really ran).
 */
export class SimulatedFleet {
  readonly now: () => Date;
  private readonly prng: Prng;
  private readonly state: FleetState;
  private readonly faults = new ActionFaults();
  private readonly log: PerformedAction[] = [];
  private readonly receipts = new Map<string, { action: FleetAction; receipt: ActionReceipt }>();

  constructor(options: SimulatedFleetOptions) {
    this.now = options.now;
    this.prng = createPrng(options.seed ?? 1);
    this.state = { instances: new Map(), failedZones: new Set(), silentCells: new Set(), images: new Map(), nextReplacement: 0, reportedFacts: new Map() };
    for (const [service, image] of Object.entries(DEFAULT_IMAGES)) this.state.images.set(service as Service, { ...image });
    for (const spec of options.instances ?? []) this.add(spec);
  }

  add(spec: SimulatedInstanceSpec): SimulatedInstance {
    if (this.state.instances.has(spec.id)) throw new RangeError(`simulated instance ${spec.id} already exists`);
    const instance = newSimulatedInstance(spec, this.now().toISOString());
    this.state.instances.set(spec.id, instance);
    return copyInstance(instance);
  }

  /** A copy of one instance's modelled truth (changing it changes nothing). */
  instance(id: string): SimulatedInstance {
    return copyInstance(this.get(id));
  }

  instances(): SimulatedInstance[] {
    return [...this.state.instances.values()].map(copyInstance);
  }

  /** The image `replace` installs for a service; set it to roll the fleet onto a fixed image. */
  setCurrentImage(service: Service, image: ImageRef): void {
    this.state.images.set(service, { ...image });
  }

  currentImage(service: Service): ImageRef {
    return { ...(this.state.images.get(service) ?? DEFAULT_IMAGES[service]) };
  }

  /** The cell agents' reports right now, one per live cell. */
  heartbeats(): CellHeartbeat[] {
    return heartbeatsOf(this.state, this.now(), this.prng);
  }

  probe(id: string): FleetProbe {
    const instance = this.state.instances.get(id);
    if (instance === undefined) throw new FleetActionRejectedError(404, `no instance ${id}`, { operation: 'probe', instanceId: id });
    return probeOf(instance, this.state, this.now());
  }

  /**
   * Runs an action as the control plane would. Throws `FleetActionRejectedError` (unknown instance 404, stopped
   * instance or inapplicable action 409, injected `fail` 422, reused key 409) or `FleetUnavailableError` (zone
   * down, injected `timeout`); neither records the key, so a retry with the same key may act.
   */
  perform(action: FleetAction): ActionReceipt {
    const known = this.receipts.get(action.idempotencyKey);
    if (known !== undefined) return replay(known, action);
    const instance = this.state.instances.get(action.instanceId);
    if (instance === undefined) rejectAction({ action }, 404, `no instance ${action.instanceId}`);
    if (!instance.running) rejectAction({ action }, 409, `${instance.id} is stopped (replaced by ${instance.replacedBy ?? 'nothing'})`);
    const fault = this.faults.take(action);
    if (fault === 'fail') rejectAction({ action }, 422, `${action.kind} failed (injected fault)`);
    if (fault === 'timeout') throw new FleetUnavailableError('timeout', 1, { operation: action.kind, instanceId: action.instanceId });
    const now = this.now();
    const at = now.toISOString();
    const part = runAction({ instance, action, state: this.state, at, nowMs: now.getTime(), effective: fault !== 'no-effect' });
    const operationId = `op-${String(this.log.length + 1).padStart(6, '0')}`;
    const receipt: ActionReceipt = { operationId, ...part };
    this.receipts.set(action.idempotencyKey, { action: structuredClone(action), receipt });
    this.log.push({ kind: action.kind, instanceId: action.instanceId, idempotencyKey: action.idempotencyKey, at, operationId, effective: fault !== 'no-effect' });
    return { ...receipt };
  }

  /** Every action that ran, in order (replays excluded). */
  actionLog(): PerformedAction[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  /** How many actions ran, optionally only those matching the filter. */
  actionsPerformed(filter: Partial<Pick<PerformedAction, 'kind' | 'instanceId' | 'idempotencyKey'>> = {}): number {
    return this.log.filter((entry) =>
      (Object.keys(filter) as (keyof typeof filter)[]).every((key) => filter[key] === undefined || filter[key] === entry[key]),
    ).length;
  }

  injectActionFault(fault: ActionFault): void {
    this.faults.inject(fault);
  }

  clearActionFaults(): void {
    this.faults.clear();
  }

  /** The agent stops reporting this instance; it keeps serving. */
  silence(id: string): void {
    this.get(id).reachable = false;
  }

  /** The agent reports this instance again (undoes `silence`). */
  resume(id: string): void {
    this.get(id).reachable = true;
  }

  /** The process dies: unhealthy and silent until restarted or replaced. */
  crash(id: string): void {
    Object.assign(this.get(id), { healthy: false, reachable: false });
  }

  fillDisk(id: string, diskPct = 97): void {
    this.get(id).diskPct = diskPct;
  }

  lagReplica(id: string, lagSeconds = 600): void {
    const instance = this.get(id);
    if (instance.role.kind !== 'replica') throw new RangeError(`${id} is not a replica`);
    instance.lagSeconds = lagSeconds;
  }

  saturateConnections(id: string, connectionsPct = 100): void {
    this.get(id).connectionsPct = connectionsPct;
  }

  /** Down for `periodMs`, up for `periodMs`, and so on from now. Restart does not cure it; replace or `heal` does. */
  flap(id: string, periodMs: number): void {
    if (!(periodMs > 0)) throw new RangeError(`flap period must be positive, got ${periodMs}`);
    this.get(id).flap = { periodMs, sinceMs: this.now().getTime() };
  }

  /** Clears every instance-level fault: healthy, reachable, normal disk, connections and lag. */
  heal(id: string): void {
    const instance = this.get(id);
    Object.assign(instance, { healthy: true, reachable: true, fenced: false, diskPct: 40, lagSeconds: 0, connectionsPct: 20 });
    delete instance.flap;
  }

  /** A mass event: every instance and cell agent in the zone goes dark, and host-level actions there fail. */
  failZone(zone: string): void {
    this.state.failedZones.add(zone);
  }

  restoreZone(zone: string): void {
    this.state.failedZones.delete(zone);
  }

  /** The cell's agent stops reporting: none of its instances appear, though they may be fine. */
  silenceCell(cellId: string): void {
    this.state.silentCells.add(cellId);
  }

  resumeCell(cellId: string): void {
    this.state.silentCells.delete(cellId);
  }

  private get(id: string): SimulatedInstance {
    const instance = this.state.instances.get(id);
    if (instance === undefined) throw new InstanceNotFoundError(id);
    return instance;
  }
}

function replay(known: { action: FleetAction; receipt: ActionReceipt }, action: FleetAction): ActionReceipt {
  if (known.action.kind !== action.kind || known.action.instanceId !== action.instanceId) {
    rejectAction({ action }, 409, `idempotency key ${action.idempotencyKey} was used for ${known.action.kind} of ${known.action.instanceId}`);
  }
  return { ...known.receipt };
}
