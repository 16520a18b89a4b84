/**
 * warden: engineers' commands against the local stack (no flags) or a deployed stage (--stage, --region).
 * Exit codes: 0 done, 1 refused or failed (the reason is printed), 2 bad usage.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CLI_COMMANDS } from './commands/index.ts';
import type { CliArgs, CliCommand, CliRun } from './commands/types.ts';
import { nextStep } from './hints.ts';
import { CliError, findTarget, type Target } from './target.ts';
import { makeUi, processIo, type CliIo } from './terminal.ts';

const COMMON: ParseArgsConfig['options'] = {
  json: { type: 'boolean' },
  stage: { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** What every command that changes something also takes. */
const CHANGING: ParseArgsConfig['options'] = {
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
};

function usage(): string {
  const width = Math.max(...CLI_COMMANDS.map((c) => c.name.length));
  return [
    'usage: warden COMMAND [options]   (add --stage S [--region R] for a deployed stage)',
    '',
    ...CLI_COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    '`warden COMMAND --help` shows its options and examples.',
  ].join('\n');
}

/** `warden COMMAND --help`: usage, what it does, its options and working examples. */
export function commandHelp(cmd: CliCommand): string {
  const own = Object.entries(cmd.options).map(([name, spec]) => `--${name}${spec.type === 'string' ? ` ${name.toUpperCase()}${spec.multiple ? '...' : ''}` : ''}`);
  const lines = [`usage: ${cmd.usage}`, '', cmd.summary, ''];
  if (own.length > 0) lines.push(`options: ${own.join('  ')}`);
  if (cmd.preview !== undefined) {
    lines.push('  --dry-run   show what would change and write nothing');
    if (cmd.confirm !== undefined) lines.push('  --yes       confirm a destructive or wide change without being asked (required when not on a terminal)');
  }
  lines.push('  --json      machine-readable output', '  --stage S [--region R]   a deployed stage instead of the local stack (`npm start`)', '', 'examples:');
  lines.push(...cmd.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

function optionsOf(cmd: CliCommand): ParseArgsConfig['options'] {
  return { ...COMMON, ...(cmd.preview === undefined ? {} : CHANGING), ...cmd.options };
}

function parse(cmd: CliCommand, rest: string[]) {
  return parseArgs({ args: rest, options: optionsOf(cmd), allowPositionals: true, strict: true });
}

function argsOf(values: Record<string, unknown>, positionals: string[]): CliArgs {
  return {
    values: Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
    lists: Object.fromEntries(Object.entries(values).filter(([, v]) => Array.isArray(v))) as Record<string, string[]>,
    flags: Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'boolean')) as Record<string, boolean>,
    positionals,
  };
}

/** Why an example from `--help` would not run as written, or undefined. Used by the tests on every example. */
export function checkExample(cmd: CliCommand, example: string): string | undefined {
  const words = splitWords(example);
  if (words[0] !== 'warden' || words[1] !== cmd.name) return `does not start with "warden ${cmd.name}"`;
  try {
    const { values, positionals } = parse(cmd, words.slice(2));
    return checkArguments(cmd, values, positionals);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Splits a command line as a shell would for the simple quoting the examples use (a trailing `# note` is a comment). */
export function splitWords(line: string): string[] {
  return [...line.replace(/\s+#\s.*$/, '').matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

export async function main(argv: string[], print: (text: string) => void = console.log, io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const about = name === 'help' ? CLI_COMMANDS.find((c) => c.name === rest[0]) : undefined;
    print(about === undefined ? usage() : commandHelp(about));
    return name === undefined ? 2 : 0;
  }
  const cmd = CLI_COMMANDS.find((c) => c.name === name);
  if (cmd === undefined) {
    const close = CLI_COMMANDS.filter((c) => c.name.startsWith(name.slice(0, 3))).map((c) => c.name);
    return usageError(`unknown command "${name}"${close.length > 0 ? `; did you mean ${close.join(' or ')}?` : ''}`, usage());
  }
  let parsed;
  try {
    parsed = parse(cmd, rest);
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error), `usage: ${cmd.usage}\n(warden ${cmd.name} --help shows examples)`);
  }
  const values = parsed.values as Record<string, unknown>;
  const positionals = parsed.positionals;
  if (values.help === true) {
    print(commandHelp(cmd));
    return 0;
  }
  const problem = checkArguments(cmd, values, positionals);
  if (problem !== undefined) return usageError(problem, `usage: ${cmd.usage}\n(warden ${cmd.name} --help shows examples)`);
  const args = argsOf(values, positionals);
  const dryRun = args.flags['dry-run'] === true && cmd.preview !== undefined;
  let target: Target | undefined;
  try {
    if (!dryRun) await confirmed(cmd, args, io);
    target = cmd.offline ? undefined : findTarget({ stage: str(values.stage), region: str(values.region) });
    const ctx: CliRun = { ...args, target: target as Target, json: values.json === true, print, io, ui: makeUi(values.json === true ? { ...io, tty: false } : io) };
    if (!dryRun || !(await (cmd.preview as NonNullable<CliCommand['preview']>)(ctx))) await cmd.run(ctx);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      const hint = target === undefined ? undefined : await nextStep(error, target).catch(() => undefined);
      console.error(`warden ${name}: ${error.message}${hint === undefined ? '' : `\n${hint}`}`);
      return error.exitCode;
    }
    throw error;
  }
}

/** A destructive or wide change goes ahead on `--yes`, or on a "yes" typed at the terminal; never silently. */
async function confirmed(cmd: CliCommand, args: CliArgs, io: CliIo): Promise<void> {
  const question = cmd.confirm?.(args);
  if (question === undefined || args.flags.yes === true) return;
  const retry = `warden ${cmd.name} ... --dry-run shows what it would change`;
  if (!io.interactive) {
    throw new CliError(`${question}: refused without --yes (no terminal to ask on). Add --yes to go ahead; ${retry}`);
  }
  if (!(await io.ask(`${question}?`))) throw new CliError(`not confirmed: nothing was changed (${retry})`);
}

function checkArguments(cmd: CliCommand, values: Record<string, unknown>, positionals: string[]): string | undefined {
  const wanted = cmd.positionals ?? [];
  const variadic = wanted.at(-1)?.endsWith('...') === true;
  if (positionals.length < wanted.length) return `missing ${wanted.slice(positionals.length).join(' ')}`;
  if (!variadic && positionals.length > wanted.length) return `unexpected argument "${positionals[wanted.length] ?? ''}"`;
  const missing = (cmd.required ?? []).filter((option) => values[option] === undefined);
  return missing.length > 0 ? `missing ${missing.map((m) => `--${m}`).join(', ')}` : undefined;
}

function usageError(message: string, help: string): number {
  console.error(`warden: ${message}\n${help}`);
  return 2;
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
