/** Every operator command, by name. Adding a command means adding it here. */
import type { OperatorCommand } from './command.ts';
import { list, registerCommand, show, status, transitionCommand } from './ledger-commands.ts';

export const COMMANDS: ReadonlyMap<string, OperatorCommand> = new Map(
  [status, list, show, transitionCommand, registerCommand].map((c) => [c.name, c]),
);
