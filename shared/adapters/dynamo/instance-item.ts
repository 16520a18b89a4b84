/** Maps an Instance to its DynamoDB item (with index keys) and back. */
import * as z from 'zod';
import { LIFECYCLE_STATES, ROLE_KINDS, SERVICES, type Instance } from '../../domain/instance.ts';
import { parseItem } from './item-parse.ts';
import {
  cellIndexKey,
  clusterIndexKey,
  imageIndexKey,
  instanceKey,
  silenceIndexKey,
  stateIndexKey,
} from './keys.ts';

const STORAGE_ONLY = ['pk', 'sk', 'stateKey', 'stateSort', 'cellKey', 'silentKey', 'clusterKey', 'imageKey', 'entity'];

export function toInstanceItem(instance: Instance): Record<string, unknown> {
  return {
    ...instance,
    conditions: instance.conditions ?? {},
    ...instanceKey(instance.id),
    entity: 'instance',
    ...stateIndexAttributes(instance),
    cellKey: cellIndexKey(instance.cellId),
    ...(instance.silentSince ? { silentKey: silenceIndexKey(instance.id) } : {}),
    ...(instance.role.cluster ? { clusterKey: clusterIndexKey(instance.role.cluster) } : {}),
    imageKey: imageIndexKey(instance.image.name, instance.image.version),
  };
}

export function stateIndexAttributes(instance: Pick<Instance, 'id' | 'state' | 'service'>) {
  return { stateKey: stateIndexKey(instance.state, instance.id), stateSort: `${instance.service}#${instance.id}` };
}

/** What every stored instance has; the optional facts pass through as written. */
const storedInstance = z.looseObject({
  id: z.string().min(1),
  service: z.enum(SERVICES),
  plan: z.string(),
  region: z.string(),
  zone: z.string(),
  cellId: z.string(),
  image: z.looseObject({ name: z.string(), version: z.string() }),
  role: z.looseObject({ kind: z.enum(ROLE_KINDS), cluster: z.string().optional() }),
  state: z.enum(LIFECYCLE_STATES),
  version: z.number().int().positive(),
  stateSince: z.string(),
  createdAt: z.string(),
  silentSince: z.string().optional(),
  conditions: z.record(z.string(), z.looseObject({ raisedAt: z.string(), source: z.string() })).optional(),
});

export function fromInstanceItem(item: Record<string, unknown>): Instance {
  const copy: Record<string, unknown> = { ...item };
  for (const key of STORAGE_ONLY) delete copy[key];
  // Checked against every field Instance requires; the optional facts are kept as written.
  parseItem(storedInstance, item, 'instance');
  return copy as unknown as Instance;
}
