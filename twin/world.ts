/**
 * One twin world: simulated time, the memory tables on its clock, the simulated fleet (its FleetProvider is what
 * the remediation worker acts through), Fleetwarden's functions wired as serverless.yml says (twin/wiring.ts), and
 * the fleet's side of the conversation: the control plane announcing instances on the fleet bus and every cell
 * agent sending its heartbeat report to the heartbeat queue once an interval (as local/fleet-driver.ts does).
 */
import { recordProvisioning } from '../shared/usecases/provisioning.ts';
import { FLEET_SOURCE } from '../shared/schemas/fleet-events.ts';
import { generateFleet, SimulatorProvider, toInstanceSpec, type SimulatedFleet } from '../sim/index.ts';
import { memoryWorld, memoryRuntimeDeps, type MemoryWorld } from './memory-deps.ts';
import { seededRandom, type Random } from './random.ts';
import { Simulation } from './simulation.ts';
import { wireFunctions, type Wiring } from './wiring.ts';

export interface WorldOptions {
  instances: number;
  seed: number;
  /** Where simulated time starts (default 2026-03-02T09:00:00Z, a Monday morning). */
  startMs?: number;
  /** Probability that SQS delivers a message twice (default 0.01). */
  duplicateRate?: number;
  /** Instances per cell agent (default 500). */
  cellSize?: number;
}

export interface TwinWorld {
  sim: Simulation;
  random: Random;
  memory: MemoryWorld;
  fleet: SimulatedFleet;
  wiring: Wiring;
  heartbeatIntervalMs: number;
  /** Heartbeat reports the cell agents sent. */
  reportsSent: number;
  /** While false, no cell agent reports (it does not matter why: Fleetwarden sees silence). */
  agentsReporting: (cellId: string) => boolean;
  /** Instances registered when the world was built, and ids the control plane announced since (replacements). */
  announced: Set<string>;
}

export const DEFAULT_START_MS = Date.parse('2026-03-02T09:00:00Z');

/** Clusters of the generated fleet: Postgres and Redis clusters are two instances, Kafka brokers one (5 per 3). */
const clustersFor = (instances: number) => Math.max(1, Math.round((instances * 3) / 5));

export async function buildWorld(opts: WorldOptions): Promise<TwinWorld> {
  const sim = new Simulation(opts.startMs ?? DEFAULT_START_MS);
  const random = seededRandom(opts.seed);
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  const clusters = clustersFor(opts.instances);
  const cellsPerZone = Math.max(1, Math.ceil((clusters * 5) / 3 / zones.length / (opts.cellSize ?? 500)));
  const fleet = generateFleet({ now: sim.clock, seed: opts.seed, clusters, zones, cellsPerZone });
  const provider = new SimulatorProvider(fleet);
  const { wiring, world: memory } = wireFunctions({ sim, world: memoryWorld(sim.clock), provider, random, duplicateRate: opts.duplicateRate ?? 0.01 });
  const world: TwinWorld = {
    sim,
    random,
    memory,
    fleet,
    wiring,
    heartbeatIntervalMs: Number(wiring.env.HEARTBEAT_INTERVAL_SECONDS ?? 30) * 1000,
    reportsSent: 0,
    agentsReporting: () => true,
    announced: new Set(),
  };
  await registerFleet(world);
  startAgents(world);
  return world;
}

/**
 * The starting fleet goes through the real provisioning use case (Instance Created, then Instance Ready), called
 * directly rather than through the bus so a million registrations do not each cost a simulated event: the same
 * ledger writes and events, without a million deliveries to the planner, which ignores them.
 */
async function registerFleet(world: TwinWorld): Promise<void> {
  const deps = { ...memoryRuntimeDeps(world.memory), events: { publish: async () => undefined } };
  const time = world.sim.clock().toISOString();
  for (const instance of world.fleet.instances()) {
    await recordProvisioning(deps, { id: `create-${instance.id}`, source: FLEET_SOURCE, 'detail-type': 'Instance Created', time, detail: toInstanceSpec(instance) });
    await recordProvisioning(deps, { id: `ready-${instance.id}`, source: FLEET_SOURCE, 'detail-type': 'Instance Ready', time, detail: { instanceId: instance.id } });
    world.announced.add(instance.id);
  }
}

/**
 * Every interval each live cell agent reports (one message per cell to the heartbeat queue); the control plane
 * announces instances remediation created by replacement (Instance Created, Instance Ready on the fleet bus).
 */
function startAgents(world: TwinWorld): void {
  const { sim, fleet, wiring } = world;
  let actionsSeen = 0;
  sim.every(world.heartbeatIntervalMs, sim.now() + world.heartbeatIntervalMs, Number.MAX_SAFE_INTEGER, () => {
    for (const report of fleet.heartbeats()) {
      if (!world.agentsReporting(report.cellId)) continue;
      wiring.send('HeartbeatQueue', { type: 'cell-heartbeat', ...report });
      world.reportsSent += 1;
    }
    const log = fleet.actionLog();
    for (const action of log.slice(actionsSeen)) {
      if (action.kind !== 'replace') continue;
      const replacement = fleet.instance(action.instanceId).replacedBy;
      if (replacement === undefined || world.announced.has(replacement)) continue;
      world.announced.add(replacement);
      wiring.bus.put('FleetBus', FLEET_SOURCE, 'Instance Created', toInstanceSpec(fleet.instance(replacement)));
      sim.after(60_000, () => wiring.bus.put('FleetBus', FLEET_SOURCE, 'Instance Ready', { instanceId: replacement }));
    }
    actionsSeen = log.length;
  });
}
