import type { ImageRef } from '../shared/domain/instance.ts';
import type { SimulatedInstance } from './simulated-types.ts';
import { rejectAction, zoneDown, type ActionInput, type ReceiptPart } from './simulated-action-input.ts';

/**
 * Immutable infrastructure: a new instance from `params.image` (`name@version`), else the service's current
 * image, takes the old one's place (same cluster and role; same zone and cell unless `params.zone` /
 * `params.cellId` move it, e.g. out of a failed zone) and the old one stops. Under a `no-effect` fault the new instance comes up broken, so verification of
 * the new id fails.
 */
export function replaceInstance(input: ActionInput): ReceiptPart {
  const { instance: old, state } = input;
  const zone = stringParam(input, 'zone') ?? old.zone;
  if (state.failedZones.has(zone)) zoneDown(input, zone);
  const cellId = stringParam(input, 'cellId') ?? (zone === old.zone ? old.cellId : cellIn(input, zone));
  const id = nextId(input);
  const image = imageParam(input) ?? state.images.get(old.service) ?? old.image;
  const fresh: SimulatedInstance = {
    ...structuredClone(old),
    id,
    zone,
    cellId,
    image: { ...image },
    healthy: input.effective,
    reachable: input.effective,
    running: true,
    fenced: false,
    lagSeconds: 0,
    connectionsPct: 10,
  };
  delete fresh.flap;
  delete fresh.replacedBy;
  state.instances.set(id, fresh);
  Object.assign(old, { running: false, healthy: false, reachable: false, replacedBy: id });
  delete old.flap;
  return { newInstanceId: id, detail: `replaced ${old.id} with ${id} from ${image.name}:${image.version}` };
}

function stringParam(input: ActionInput, name: string): string | undefined {
  const value = input.action.params?.[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') rejectAction(input, 400, `${name} must be a non-empty string`);
  return value;
}

function imageParam(input: ActionInput): ImageRef | undefined {
  const value = stringParam(input, 'image');
  if (value === undefined) return undefined;
  const [name, version, ...rest] = value.split('@');
  if (!name || !version || rest.length > 0) rejectAction(input, 400, `image must be name@version, got ${value}`);
  return { name, version };
}

/** The least busy existing cell of the zone, or a new cell named after it. */
function cellIn(input: ActionInput, zone: string): string {
  const counts = new Map<string, number>();
  for (const other of input.state.instances.values()) {
    if (other.running && other.zone === zone) counts.set(other.cellId, (counts.get(other.cellId) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  return ranked[0]?.[0] ?? `${zone}-cell-1`;
}

function nextId(input: ActionInput): string {
  const { state, instance } = input;
  let id: string;
  do {
    state.nextReplacement += 1;
    id = `${instance.service}-r${String(state.nextReplacement).padStart(5, '0')}`;
  } while (state.instances.has(id));
  return id;
}
