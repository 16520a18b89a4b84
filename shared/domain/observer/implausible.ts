/**
 * Implausible silence. A cell that stops reporting is a cell failure; the cells of one zone going quiet together is a
 * zone failure. A large share of a service's cells going quiet in every zone it runs in at once is something no
 * zone or cell failure explains: far more likely Fleetwarden's own intake (or the senders' path to it) failed.
 * Kubernetes' node controller stops evicting when every zone is fully disrupted; Fleetwarden holds as soon as every
 * zone of a service is at least `share` quiet, and knows its own lag besides. Pure.
 */
import type { Service } from '../instance.ts';

export interface ImplausibleConfig {
  /** The quiet share of a service's cells, in every one of its zones, at which silence is implausible. */
  share: number;
  /** Fewer quiet cells than this is never implausible: a small fleet cannot tell its observer from itself. */
  minCells: number;
}

export const DEFAULT_IMPLAUSIBLE: ImplausibleConfig = { share: 0.5, minCells: 3 };

/** What the sweeper knows of a cell: where it is, which services it hosts, and whether it has gone quiet. */
export interface CellSilence {
  cellId: string;
  zone?: string;
  services: readonly Service[];
  quiet: boolean;
}

export interface ImplausibleScope {
  service: Service;
  quietCells: number;
  cells: number;
  zones: number;
}

/**
 * The services whose silence is implausible: they run in two zones or more, every one of those zones has at least
 * `share` of the service's cells quiet, and at least `minCells` cells are quiet in all. Cells without a known zone
 * count as one zone of their own ("unknown"), so a fleet that never recorded zones is never held.
 *
 * @example implausibleScopes(allTwelveCellsQuiet, DEFAULT_IMPLAUSIBLE) // one scope per service
 */
export function implausibleScopes(cells: readonly CellSilence[], config: ImplausibleConfig): ImplausibleScope[] {
  const byService = new Map<Service, CellSilence[]>();
  for (const cell of cells) for (const service of cell.services) byService.set(service, [...(byService.get(service) ?? []), cell]);
  const scopes: ImplausibleScope[] = [];
  for (const [service, serviceCells] of byService) {
    const zones = new Map<string, { quiet: number; all: number }>();
    for (const cell of serviceCells) {
      const zone = zones.get(cell.zone ?? 'unknown') ?? { quiet: 0, all: 0 };
      zones.set(cell.zone ?? 'unknown', { quiet: zone.quiet + (cell.quiet ? 1 : 0), all: zone.all + 1 });
    }
    const quietCells = serviceCells.filter((c) => c.quiet).length;
    const everyZone = [...zones.values()].every((z) => z.quiet / z.all >= config.share);
    if (zones.size >= 2 && everyZone && quietCells >= config.minCells) {
      scopes.push({ service, quietCells, cells: serviceCells.length, zones: zones.size });
    }
  }
  return scopes.sort((a, b) => a.service.localeCompare(b.service));
}
