import * as z from 'zod';
import { ValidationError } from '../errors.ts';
import { SERVICES } from '../instance.ts';
import type { Actor, Instance } from '../instance.ts';

/** Break glass: a freeze stops automation from acting in its scope. Remediation still plans and records. */
export const FreezeConfigSchema = z.object({
  /** A forgotten freeze silently disables self-healing; seven days forces someone to renew it on purpose. */
  maxDurationSeconds: z.number().int().positive().default(7 * 24 * 3600),
});
export type FreezeConfig = z.infer<typeof FreezeConfigSchema>;

export const FreezeScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fleet') }),
  z.object({ kind: z.literal('service'), service: z.enum(SERVICES) }),
  z.object({ kind: z.literal('zone'), zone: z.string().min(1) }),
  z.object({ kind: z.literal('instance'), instanceId: z.string().min(1) }),
]);
export type FreezeScope = z.infer<typeof FreezeScopeSchema>;

export interface Freeze {
  id: string;
  scope: FreezeScope;
  actor: Actor;
  reason: string;
  createdAt: string;
  expiresAt: string;
}

/** What an engineer submits (`warden freeze`). `id` is optional: the default is derived from scope and time. */
export const FreezeRequestSchema = z.object({
  id: z.string().min(1).optional(),
  scope: FreezeScopeSchema,
  actor: z.object({
    kind: z.enum(['alarm', 'schedule', 'engineer', 'system']),
    id: z.string().trim().min(1, 'actor id is required'),
  }),
  reason: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
});

/** "the fleet", "service redis", "zone eu-west-1a", "instance pg-1". */
export function describeFreezeScope(scope: FreezeScope): string {
  switch (scope.kind) {
    case 'fleet': return 'the fleet';
    case 'service': return `service ${scope.service}`;
    case 'zone': return `zone ${scope.zone}`;
    case 'instance': return `instance ${scope.instanceId}`;
  }
}

function describeDuration(seconds: number): string {
  if (seconds % 86400 === 0) return seconds === 86400 ? '1 day' : `${seconds / 86400} days`;
  return `${Math.round(seconds / 360) / 10} hours`;
}

/**
 * Parses and checks a freeze request: a reason is required, and the expiry must be in the future and
 * at most `maxDurationSeconds` (7 days by default) away. `createdAt` is `now`.
 *
 * @throws ValidationError listing every problem.
 */
export function validateFreeze(input: unknown, now: Date, config: FreezeConfig = FreezeConfigSchema.parse({})): Freeze {
  const parsed = FreezeRequestSchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError('freeze', parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const request = parsed.data;
  const issues: string[] = [];
  if (request.reason.trim() === '') issues.push('reason is required: say why automation must stop');
  const expires = Date.parse(request.expiresAt);
  if (expires <= now.getTime()) issues.push(`expiresAt ${request.expiresAt} is not in the future`);
  const maxMs = config.maxDurationSeconds * 1000;
  if (expires - now.getTime() > maxMs) {
    const limit = describeDuration(config.maxDurationSeconds);
    issues.push(`expiresAt ${request.expiresAt} is more than ${limit} away; renew the freeze when it ends instead`);
  }
  if (issues.length > 0) throw new ValidationError('freeze', issues);
  const createdAt = now.toISOString();
  const scopeKey = describeFreezeScope(request.scope).replace(' ', '=');
  return {
    id: request.id ?? `freeze:${scopeKey}:${createdAt}`,
    scope: request.scope,
    actor: request.actor,
    reason: request.reason.trim(),
    createdAt,
    expiresAt: new Date(expires).toISOString(),
  };
}

function covers(scope: FreezeScope, instance: Pick<Instance, 'id' | 'service' | 'zone'>): boolean {
  switch (scope.kind) {
    case 'fleet': return true;
    case 'service': return scope.service === instance.service;
    case 'zone': return scope.zone === instance.zone;
    case 'instance': return scope.instanceId === instance.id;
  }
}

/** Freezes in force for the instance at `now`: created at or before now, expiring strictly after it. */
export function activeFreezesFor(
  instance: Pick<Instance, 'id' | 'service' | 'zone'>,
  freezes: readonly Freeze[],
  now: Date,
): Freeze[] {
  const t = now.getTime();
  return freezes.filter((f) => Date.parse(f.createdAt) <= t && t < Date.parse(f.expiresAt) && covers(f.scope, instance));
}
