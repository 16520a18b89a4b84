/** Events the fleet's control plane (or the simulator) puts on the fleet bus, source `fleetwarden.fleet`. */
import * as z from 'zod';
import { instanceIdSchema, newInstanceSchema } from './instance.ts';

export const FLEET_SOURCE = 'fleetwarden.fleet';

const envelope = <D extends z.ZodType, T extends string>(detailType: T, detail: D) =>
  z.object({
    id: z.string().min(1),
    source: z.literal(FLEET_SOURCE),
    'detail-type': z.literal(detailType),
    time: z.string(),
    detail,
  });

export const instanceCreatedEvent = envelope('Instance Created', newInstanceSchema);
export const instanceReadyEvent = envelope('Instance Ready', z.object({ instanceId: instanceIdSchema }).strict());

export const provisioningEvent = z.discriminatedUnion('detail-type', [instanceCreatedEvent, instanceReadyEvent]);
export type ProvisioningEvent = z.infer<typeof provisioningEvent>;
