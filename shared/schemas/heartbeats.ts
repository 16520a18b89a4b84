/**
 * Heartbeat schemas (docs/EVENTS.md). A cell report is the SQS message body one host or cell agent sends every
 * interval: every instance it runs that is alive. A single-instance heartbeat is an EventBridge event on the fleet
 * bus, for small fleets and tests.
 */
import * as z from 'zod';
import type { ReportedFacts } from '../domain/facts.ts';
import { instanceIdSchema } from './instance.ts';

const percent = z.number().min(0).max(100);
const isoTime = z.iso.datetime({ offset: true });

export const heartbeatMetricsSchema = z
  .object({
    cpuPct: percent.optional(),
    memoryPct: percent.optional(),
    diskPct: percent.optional(),
    connectionsPct: percent.optional(),
    replicationLagSeconds: z.number().nonnegative().optional(),
  })
  .strict();

/**
 * What the agent knows of the instance's configuration, shaped like the Instance's own fields. Each field given
 * is set on the instance; a field (or aspect) left out is left as it is. The replica lag is not here: it is
 * reported once, as `metrics.replicationLagSeconds`, and `replication.lagSeconds` follows it.
 */
export const heartbeatFactsSchema = z
  .object({
    backup: z.object({ lastSuccessAt: isoTime.optional(), lastRestoreTestAt: isoTime.optional() }).strict().optional(),
    tls: z.object({ enforced: z.boolean() }).strict().optional(),
    credentials: z.object({ rotatedAt: isoTime }).strict().optional(),
    network: z.object({ publiclyReachable: z.boolean() }).strict().optional(),
  })
  .strict() satisfies z.ZodType<ReportedFacts>;

export const cellReportSchema = z
  .object({
    type: z.literal('cell-heartbeat'),
    cellId: instanceIdSchema,
    at: isoTime,
    instances: z
      .array(z.object({ id: instanceIdSchema, metrics: heartbeatMetricsSchema.optional(), facts: heartbeatFactsSchema.optional() }).strict())
      .max(5000),
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
