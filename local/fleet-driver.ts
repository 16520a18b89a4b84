/**
 * Drives the simulated fleet against the local stack the way a real control plane and its cell agents
 * would: it announces instances on the fleet bus (Instance Created, then Instance Ready) through the real
 * EventBridge SDK client, pointed at the local bus.
 */
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { toInstanceSpec, type SimulatedFleet } from '../shared/adapters/fleet/index.ts';
import { FLEET_SOURCE } from '../shared/schemas/fleet-events.ts';

export class FleetDriver {
  constructor(
    readonly fleet: SimulatedFleet,
    private readonly events: EventBridgeClient,
    private readonly busName: string,
  ) {}

  /** Registers every simulated instance through the ledger, then reports each one ready. */
  async announce(): Promise<void> {
    const instances = this.fleet.instances();
    await this.put(instances.map((i) => this.entry('Instance Created', toInstanceSpec(i))));
    await this.put(instances.map((i) => this.entry('Instance Ready', { instanceId: i.id })));
  }

  private entry(detailType: string, detail: unknown): PutEventsRequestEntry {
    return { EventBusName: this.busName, Source: FLEET_SOURCE, DetailType: detailType, Detail: JSON.stringify(detail) };
  }

  private async put(entries: PutEventsRequestEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 10) {
      const out = await this.events.send(new PutEventsCommand({ Entries: entries.slice(i, i + 10) }));
      if (out.FailedEntryCount) throw new Error(`the fleet bus refused ${out.FailedEntryCount} event(s)`);
    }
  }
}
