/**
 * Fleet, service, zone and region sizes from the ledger's image inventory (SHARDS small queries), cached for a
 * minute per container: sizes move slowly, and a budget computed on a size a minute old is still a budget.
 */
import { population, scopeSizes } from '../../domain/remediation/fleet-size.ts';
import type { ScopeCounts } from '../../domain/safety/budget.ts';
import type { Population } from '../../domain/safety/mass-event.ts';
import type { Clock, InventoryPort, InventoryRow } from '../ledger/ports.ts';

export class FleetSizes {
  private cached: { rows: Promise<InventoryRow[]>; at: number } | undefined;

  constructor(
    private readonly queries: InventoryPort,
    private readonly clock: Clock,
    private readonly ttlSeconds = 60,
  ) {}

  async scopes(): Promise<ScopeCounts> {
    return scopeSizes(await this.rows());
  }

  async population(): Promise<Population> {
    return population(await this.rows());
  }

  /** In-service instances per service, zone and image (`name:version`). */
  images(): Promise<InventoryRow[]> {
    return this.rows();
  }

  private rows(): Promise<InventoryRow[]> {
    const now = this.clock().getTime();
    if (this.cached === undefined || now - this.cached.at >= this.ttlSeconds * 1000 || now < this.cached.at) {
      const rows = this.queries.inventory();
      this.cached = { rows, at: now };
      rows.catch(() => (this.cached = undefined));
    }
    return this.cached.rows;
  }
}
