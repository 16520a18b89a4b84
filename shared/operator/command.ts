/**
 * An operator command: a name, a schema for its input, whether it changes anything, and what it does.
 * Every call names its actor; every command that changes something also needs a reason.
 */
import type { z } from 'zod';
import type { Actor } from '../domain/instance.ts';
import type { RuntimeDeps } from '../runtime/deps.ts';

export interface CommandContext {
  deps: RuntimeDeps;
  actor: Actor;
  reason: string | undefined;
  requestId: string;
}

export interface OperatorCommand<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  mutating: boolean;
  input: S;
  run(input: z.infer<S>, ctx: CommandContext): Promise<unknown>;
}

/** Keeps each command's input type tied to its schema while the registry holds them all. */
export function command<S extends z.ZodType>(definition: OperatorCommand<S>): OperatorCommand {
  return definition as unknown as OperatorCommand;
}
