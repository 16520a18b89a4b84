import type { CliIo, Ui } from '../terminal.ts';
import type { Target } from '../target.ts';

export interface CliOptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
}

export interface CliRun {
  target: Target;
  json: boolean;
  values: Record<string, string | undefined>;
  lists: Record<string, string[]>;
  flags: Record<string, boolean>;
  positionals: string[];
  print: (text: string) => void;
  /** Colours and times for people (plain when piped). */
  ui: Ui;
  io: CliIo;
}

/** What a confirmation or a preview decision sees: the arguments, before any call. */
export type CliArgs = Pick<CliRun, 'values' | 'lists' | 'flags' | 'positionals'>;

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  /** Working examples, shown by `warden COMMAND --help` (each is checked to parse by the tests). */
  examples: string[];
  options: Record<string, CliOptionSpec>;
  /** Names of required positionals, in order. */
  positionals?: string[];
  /** Options that must be given. */
  required?: string[];
  /** Runs without a stack (no operator call). */
  offline?: boolean;
  /**
   * For a command that changes something: `--dry-run` runs this instead of `run`. It reads only, and prints
   * what would change. Answers false when these arguments change nothing (a read action): `run` goes ahead.
   */
  preview?(ctx: CliRun): Promise<boolean>;
  /** For a destructive or wide change: the question to confirm (`--yes` answers it), or undefined. */
  confirm?(args: CliArgs): string | undefined;
  run(ctx: CliRun): Promise<void>;
}

/** The options of every command that changes something: why, a change ticket, and the name the caller goes by. */
export const CHANGE_OPTIONS: Record<string, CliOptionSpec> = {
  reason: { type: 'string' },
  ticket: { type: 'string' },
  actor: { type: 'string' },
};
