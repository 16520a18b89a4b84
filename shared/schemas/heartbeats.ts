/**
 * Heartbeat schemas (docs/EVENTS.md). A cell report is the SQS message body one host or cell agent sends every
 * interval: every instance it runs that is alive. A single-instance heartbeat is an EventBridge event on the fleet
 * bus, for small fleets and tests.
 */
import { z } from 'zod';
import { instanceIdSchema } from './instance.ts';

const percent = z.number().min(0).max(100);

export const heartbeatMetricsSchema = z
  .object({
    cpuPct: percent.optional(),
    memoryPct: percent.optional(),
    diskPct: percent.optional(),
    connectionsPct: percent.optional(),
    replicationLagSeconds: z.number().nonnegative().optional(),
  })
  .strict();

export const cellReportSchema = z
  .object({
    type: z.literal('cell-heartbeat'),
    cellId: instanceIdSchema,
    at: z.iso.datetime({ offset: true }),
    instances: z.array(z.object({ id: instanceIdSchema, metrics: heartbeatMetricsSchema.optional() }).strict()).max(5000),
  })
  .strict();
export type CellReport = z.infer<typeof cellReportSchema>;

export const instanceHeartbeatEvent = z.object({
  id: z.string(),
  source: z.literal('fleetwarden.fleet'),
  'detail-type': z.literal('Instance Heartbeat'),
  time: z.string(),
  detail: z.object({ instanceId: instanceIdSchema, at: z.iso.datetime({ offset: true }).optional() }).strict(),
});
export type InstanceHeartbeatEvent = z.infer<typeof instanceHeartbeatEvent>;
