import type { ActionReceipt, FleetAction, FleetProvider } from '../shared/domain/fleet.ts';
import type { SimulatedFleet } from './simulated-fleet.ts';
import type { FleetProbe } from '../shared/adapters/fleet/wire.ts';

export interface SimulatorProviderOptions {
  /** Delay before each action answers, to make local runs feel like a real control plane. Default 0. */
  actionLatencyMs?: number;
}

/** The fleet port over a `SimulatedFleet`: same typed errors as the HTTP provider, no network. */
export class SimulatorProvider implements FleetProvider {
  readonly name = 'simulator';

  constructor(
    readonly fleet: SimulatedFleet,
    private readonly options: SimulatorProviderOptions = {},
  ) {}

  async perform(action: FleetAction): Promise<ActionReceipt> {
    const latencyMs = this.options.actionLatencyMs ?? 0;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    return this.fleet.perform(action);
  }

  async probe(instanceId: string): Promise<FleetProbe> {
    return this.fleet.probe(instanceId);
  }
}
