/**
 * warden: engineers' commands against the local stack (no flags) or a deployed stage (--stage, --region).
 * Exit codes: 0 done, 1 refused or failed (the reason is printed), 2 bad usage.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CLI_COMMANDS } from './commands/index.ts';
import type { CliCommand } from './commands/types.ts';
import { CliError, findTarget, type Target } from './target.ts';

const COMMON: ParseArgsConfig['options'] = {
  json: { type: 'boolean' },
  stage: { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

function usage(): string {
  const width = Math.max(...CLI_COMMANDS.map((c) => c.usage.length));
  return [
    'usage: warden COMMAND [options]   (add --stage S [--region R] for a deployed stage)',
    '',
    ...CLI_COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

export async function main(argv: string[], print: (text: string) => void = console.log): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    print(usage());
    return name === undefined ? 2 : 0;
  }
  const cmd = CLI_COMMANDS.find((c) => c.name === name);
  if (cmd === undefined) return usageError(`unknown command "${name}"`, usage());
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...COMMON, ...cmd.options }, allowPositionals: true, strict: true });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error), `usage: ${cmd.usage}`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    print(`usage: ${cmd.usage}\n${cmd.summary}`);
    return 0;
  }
  const problem = checkArguments(cmd, values, positionals);
  if (problem !== undefined) return usageError(problem, `usage: ${cmd.usage}`);
  try {
    const target: Target | undefined = cmd.offline ? undefined : findTarget({ stage: str(values.stage), region: str(values.region) });
    await cmd.run({
      target: target as Target,
      json: values.json === true,
      values: Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
      lists: Object.fromEntries(Object.entries(values).filter(([, v]) => Array.isArray(v))) as Record<string, string[]>,
      flags: Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'boolean')) as Record<string, boolean>,
      positionals,
      print,
    });
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      console.error(`warden ${name}: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
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
