/** What the planner and the remediation worker accept: Fleetwarden's own events, the tick, and queue messages. */
import * as z from 'zod';
import { EVENT_SOURCE } from '../domain/events.ts';
import { LIFECYCLE_STATES } from '../domain/instance.ts';
import { instanceIdSchema, serviceSchema } from './instance.ts';
import { scheduledEventSchema } from './scheduled.ts';

const isoTime = z.iso.datetime({ offset: true });

const placed = {
  instanceId: instanceIdSchema,
  service: serviceSchema,
  region: z.string().min(1),
  zone: z.string().min(1),
};

const ownEvent = <D extends z.ZodType, T extends string>(detailType: T, detail: D) =>
  z.looseObject({ source: z.literal(EVENT_SOURCE), 'detail-type': z.literal(detailType), detail });

export const conditionRaisedDetail = z.looseObject({
  ...placed,
  condition: z.string().min(1),
  raisedAt: isoTime,
  source: z.string().min(1),
  evidence: z.string().optional(),
  notBefore: isoTime.optional(),
  dedupeKey: z.string().min(1),
});
export type ConditionRaisedDetail = z.infer<typeof conditionRaisedDetail>;

export const stateChangedDetail = z.looseObject({
  ...placed,
  to: z.enum(LIFECYCLE_STATES),
  at: isoTime,
  actor: z.looseObject({ kind: z.string(), id: z.string() }).optional(),
});
export type StateChangedDetail = z.infer<typeof stateChangedDetail>;

export const plannerEventSchema = z.discriminatedUnion('detail-type', [
  scheduledEventSchema,
  ownEvent('ConditionRaised', conditionRaisedDetail),
  ownEvent('InstanceStateChanged', stateChangedDetail),
]);
export type PlannerEvent = z.infer<typeof plannerEventSchema>;

/**
 * One remediation queue message: a nudge to move one task on, or with `continuation` the next link of the task's
 * probe chain (shared/domain/remediation/continuation.ts). The task itself lives in the table.
 */
export const remediationMessageSchema = z
  .object({
    taskId: z.string().regex(/^rt-[0-9a-f]{24}$/, 'must be a task id (rt-...)'),
    continuation: z.string().min(1).max(200).optional(),
  })
  .strict();
export type RemediationMessage = z.infer<typeof remediationMessageSchema>;
