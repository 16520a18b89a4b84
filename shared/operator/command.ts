/**
 * An operator command: a name, a schema for its input, whether it changes anything, who may run it, and what
 * it does. Every change needs a reason; a break-glass one also a ticket.
 */
import type * as z from 'zod';
import type { OperatorAuditLog } from '../adapters/dynamo/operator-audit-log.ts';
import type { Requirement } from '../domain/access/policy.ts';
import type { Actor } from '../domain/instance.ts';
import type { RuntimeDeps } from '../runtime/deps.ts';

export interface OperatorDeps extends RuntimeDeps {
  audit: OperatorAuditLog;
}

export interface CommandContext {
  deps: OperatorDeps;
  actor: Actor;
  reason: string | undefined;
  requestId: string;
  /** Set when the caller used break glass for a command that needs it. */
  breakGlass?: { ticket: string };
}

/** What a call needs (shared/domain/access/policy.ts). */
export type Access = Requirement;

export interface OperatorCommand<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  mutating: boolean;
  input: S;
  /** Who may run it with this input; without it: viewer for reads, operator for changes. */
  access?(input: z.infer<S>, ctx: CommandContext): Access | Promise<Access>;
  /** What the change is about, read before and after it for the audit log. */
  subject?(input: z.infer<S>, ctx: CommandContext): Promise<unknown>;
  run(input: z.infer<S>, ctx: CommandContext): Promise<unknown>;
}

/** Keeps each command's input type tied to its schema while the registry holds them all. */
export function command<S extends z.ZodType>(definition: OperatorCommand<S>): OperatorCommand {
  return definition as unknown as OperatorCommand;
}

export async function accessFor(cmd: OperatorCommand, input: unknown, ctx: CommandContext): Promise<Access> {
  if (cmd.access !== undefined) return cmd.access(input, ctx);
  return cmd.mutating ? { role: 'operator', what: `"${cmd.name}"` } : { role: 'viewer', what: `"${cmd.name}"` };
}
