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
}

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  options: Record<string, CliOptionSpec>;
  /** Names of required positionals, in order. */
  positionals?: string[];
  /** Options that must be given. */
  required?: string[];
  /** Runs without a stack (no operator call). */
  offline?: boolean;
  run(ctx: CliRun): Promise<void>;
}

/** The options of every command that changes something: why, a change ticket, and the name the caller goes by. */
export const CHANGE_OPTIONS: Record<string, CliOptionSpec> = {
  reason: { type: 'string' },
  ticket: { type: 'string' },
  actor: { type: 'string' },
};
