/**
 * What the remediation harnesses share, on DynamoDB Local (test/integration/remediation/harness.ts) or in memory
 * (test/unit/remediation/harness.ts): the settings a test may change, and putting instances in the fleet and the
 * ledger and raising their conditions as the sweeper or an alarm would.
 */
import { SimulatorProvider, toInstanceSpec, type SimulatedFleet, type SimulatedInstanceSpec } from '../../sim/index.ts';
import { conditionRaised } from '../../shared/domain/events.ts';
import type { FleetProvider } from '../../shared/domain/fleet.ts';
import { AgendaTimingsSchema, type AgendaTimings } from '../../shared/domain/remediation/agenda.ts';
import { SafetyConfigSchema } from '../../shared/domain/safety/config.ts';
import { mapLimit } from '../../shared/lib/map-limit.ts';
import type { ConditionRaisedDetail } from '../../shared/schemas/remediation.ts';
import { raiseCondition } from '../../shared/usecases/conditions.ts';
import { recordTransition, registerInstance } from '../../shared/usecases/ledger.ts';
import type { RemediationSettings, WorkerDeps } from '../../shared/usecases/remediation/deps.ts';
import type { SettableClock } from './deps.ts';

export const T0 = '2026-11-22T10:00:00.000Z';
const SYSTEM = { kind: 'system', id: 'test' } as const;

export interface HarnessOptions {
  safety?: unknown;
  timings?: Partial<AgendaTimings>;
  /** Wraps the simulator provider, e.g. to count concurrency or to crash mid-action. */
  provider?: (inner: FleetProvider) => FleetProvider;
  /** How long the simulated control plane takes to answer an action. */
  actionLatencyMs?: number;
  /** How long fleet sizes are cached (0: read every time, so a test's registrations count at once). */
  sizesTtlSeconds?: number;
}

/** The remediation world a test drives: the worker's deps, the simulated fleet, the clock they share. */
export interface RemediationWorld {
  deps: WorkerDeps;
  fleet: SimulatedFleet;
  clock: SettableClock;
}

export function testSettings(options: HarnessOptions): RemediationSettings {
  return {
    safety: SafetyConfigSchema.parse(options.safety ?? {}),
    timings: AgendaTimingsSchema.parse(options.timings ?? {}),
    probeIntervalSeconds: 1,
  };
}

/** The simulated control plane over `fleet`, wrapped as the options ask. */
export function testProvider(fleet: SimulatedFleet, options: HarnessOptions): FleetProvider {
  const simulator = new SimulatorProvider(fleet, { actionLatencyMs: options.actionLatencyMs ?? 0 });
  return options.provider ? options.provider(simulator) : simulator;
}

/** Registers instances in the ledger only (left `installing`): bystanders that count in the fleet's size. */
export async function registeredInstances(h: RemediationWorld, specs: SimulatedInstanceSpec[]): Promise<void> {
  await mapLimit(specs, 8, async (spec) => {
    const { id, service, plan, region, zone, cellId, image, role } = h.fleet.add(spec);
    await registerInstance(h.deps, { id, service, plan, region, zone, cellId, image, role }, { actor: SYSTEM, reason: 'created', cause: { kind: 'created', id } });
  });
}

/** Registers instances in the ledger (available, with what the simulator knows of them) and in the simulated fleet. */
export async function availableInstances(h: RemediationWorld, specs: SimulatedInstanceSpec[]): Promise<void> {
  await mapLimit(specs, 8, async (spec) => {
    const { id } = h.fleet.add(spec);
    await registerInstance(h.deps, toInstanceSpec(h.fleet.instance(id)), { actor: SYSTEM, reason: 'created', cause: { kind: 'created', id } });
    await recordTransition(h.deps, id, 'available', { actor: SYSTEM, reason: 'ready', cause: { kind: 'ready', id } });
  });
}

/** Raises a condition as the sweeper or an alarm would, and returns the ConditionRaised detail the planner gets. */
export async function raise(h: RemediationWorld, instanceId: string, condition: string, source = 'test-alarm'): Promise<ConditionRaisedDetail> {
  const instance = await h.deps.store.get(instanceId);
  await raiseCondition(h.deps, instance, condition, { raisedAt: h.clock.read().toISOString(), source });
  const record = (await h.deps.store.get(instanceId)).conditions?.[condition];
  if (record === undefined) throw new Error(`test setup: ${condition} was not raised on ${instanceId}`);
  const event = conditionRaised(instance, condition, record);
  return { ...event.detail, dedupeKey: event.dedupeKey } as ConditionRaisedDetail;
}
