import * as z from 'zod';
import { FLEET_ACTIONS, type HealthProbe } from '../../domain/fleet.ts';
import { ROLE_KINDS } from '../../domain/instance.ts';

/** The control-plane protocol's bodies, parsed at both ends (the HTTP provider and the fake server). */
export const ActionRequestSchema = z.object({
  kind: z.enum(FLEET_ACTIONS),
  instanceId: z.string().min(1),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type ActionRequest = z.infer<typeof ActionRequestSchema>;

export const ActionReceiptSchema = z.object({
  operationId: z.string().min(1),
  newInstanceId: z.string().min(1).optional(),
  detail: z.string().optional(),
});

export const HealthProbeSchema = z.object({
  instanceId: z.string().min(1),
  at: z.iso.datetime(),
  reachable: z.boolean(),
  healthy: z.boolean(),
  role: z.enum(ROLE_KINDS).optional(),
  replicationLagSeconds: z.number().nonnegative().optional(),
  diskPct: z.number().min(0).max(100).optional(),
  connectionsPct: z.number().min(0).max(100).optional(),
  tlsEnforced: z.boolean().optional(),
  lastBackupAt: z.iso.datetime().optional(),
  credentialsRotatedAt: z.iso.datetime().optional(),
});

/** What both providers report of an instance: the domain port's `HealthProbe`. */
export type FleetProbe = HealthProbe;

/** Error bodies: `{ "message": "..." }`. */
export const ErrorBodySchema = z.object({ message: z.string() });

export const ACTIONS_PATH = '/v1/actions';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export function healthPath(instanceId: string): string {
  return `/v1/instances/${encodeURIComponent(instanceId)}/health`;
}

/** Zod issues as `path: message` lines, for error data. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
