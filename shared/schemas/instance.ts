/** Schemas for instance input at the edges (fleet events, operator commands). */
import * as z from 'zod';
import { LIFECYCLE_STATES, ROLE_KINDS, SERVICES } from '../domain/instance.ts';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be 1-128 letters, digits, ".", "_" or "-"');
const isoTime = z.iso.datetime({ offset: true });

export const instanceIdSchema = id;
export const stateSchema = z.enum(LIFECYCLE_STATES);
export const serviceSchema = z.enum(SERVICES);

export const newInstanceSchema = z
  .object({
    id,
    service: serviceSchema,
    plan: z.string().min(1),
    region: z.string().min(1),
    zone: z.string().min(1),
    cellId: id,
    image: z.object({ name: z.string().min(1), version: z.string().min(1) }).strict(),
    role: z
      .object({ kind: z.enum(ROLE_KINDS), cluster: id.optional() })
      .strict()
      .refine((role) => role.kind === 'standalone' || role.cluster !== undefined, 'primary and replica roles need a cluster'),
    backup: z.object({ lastSuccessAt: isoTime.optional(), lastRestoreTestAt: isoTime.optional() }).strict().optional(),
    replication: z.object({ lagSeconds: z.number().nonnegative().optional(), replicaCount: z.number().int().nonnegative().optional() }).strict().optional(),
    tls: z.object({ enforced: z.boolean() }).strict().optional(),
    credentials: z.object({ rotatedAt: isoTime }).strict().optional(),
    network: z.object({ publiclyReachable: z.boolean() }).strict().optional(),
    maintenanceWindow: z
      .object({ dayOfWeek: z.number().int().min(0).max(6), startHour: z.number().int().min(0).max(23), durationHours: z.number().int().min(1).max(24) })
      .strict()
      .optional(),
    tags: z.record(z.string(), z.string()).optional(),
  })
  .strict();
