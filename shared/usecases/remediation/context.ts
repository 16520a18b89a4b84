/** The world as a worker reads it before deciding: the instance, its cluster peers and the current image. */
import type { ImageRef, Service } from '../../domain/instance.ts';
import type { RemediationContext } from '../../domain/playbooks/types.ts';
import type { PlannerDeps } from './deps.ts';

export async function loadContext(deps: PlannerDeps, instanceId: string, condition: string): Promise<RemediationContext> {
  const instance = await deps.store.get(instanceId);
  const cluster = instance.role.cluster;
  const peers = cluster === undefined ? [] : (await deps.clusters.members(cluster)).filter((peer) => peer.id !== instance.id);
  const currentImage = fixedImageOf(instance.conditions?.[condition]?.evidence) ?? (await newestImage(deps, instance.service));
  return { instance, peers, ...(currentImage === undefined ? {} : { currentImage }) };
}

/**
 * An advisory roll raises `vulnerable-image` with `fixedImage=name:version` in its evidence: replacements for it
 * must be built from that image, which the fleet may not run anywhere yet.
 */
export function fixedImageOf(evidence: string | undefined): ImageRef | undefined {
  const key = /(?:^|\s)fixedImage=(\S+)/.exec(evidence ?? '')?.[1];
  const colon = key?.lastIndexOf(':') ?? -1;
  if (key === undefined || colon <= 0 || colon === key.length - 1) return undefined;
  return { name: key.slice(0, colon), version: key.slice(colon + 1) };
}

/**
 * The image `replace` builds from: the newest image of the service in the ledger's inventory (versions compared
 * number-aware, so 2024.10.1 is newer than 2024.9.3). Undefined when the service has no instance in service.
 */
async function newestImage(deps: PlannerDeps, service: Service): Promise<ImageRef | undefined> {
  const images = (await deps.sizes.images()).filter((row) => row.service === service).map((row) => row.image);
  const parsed = images.map((key) => ({ name: key.slice(0, key.lastIndexOf(':')), version: key.slice(key.lastIndexOf(':') + 1) }));
  parsed.sort((a, b) => b.version.localeCompare(a.version, 'en', { numeric: true }) || a.name.localeCompare(b.name));
  return parsed[0];
}
