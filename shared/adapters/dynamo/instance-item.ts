/** Maps an Instance to its DynamoDB item (with index keys) and back. */
import type { Instance } from '../../domain/instance.ts';
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

export function fromInstanceItem(item: Record<string, unknown>): Instance {
  const copy: Record<string, unknown> = { ...item };
  for (const key of STORAGE_ONLY) delete copy[key];
  return copy as unknown as Instance;
}
