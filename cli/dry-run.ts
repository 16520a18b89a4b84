/**
 * `--dry-run`: a preview built from reads only. It validates what the CLI can check where it stands (the
 * arguments, the lifecycle table, scopes and expiries), reads the current state, and says what would change
 * and which role the change needs. It sends no changing command, so it writes nothing.
 */
import type { Requirement } from '../shared/domain/access/policy.ts';
import { describeError } from '../shared/domain/errors.ts';
import type { CliRun } from './commands/types.ts';
import { CliError } from './target.ts';

export interface Preview {
  /** What would change, one line each, for people. */
  would: string[];
  /** The role the change needs (the door decides; this is what it will ask for). */
  needs?: Requirement | undefined;
  /** The same, for scripts (`--json`). */
  details?: Record<string, unknown>;
}

export function printPreview({ print, json, ui }: CliRun, preview: Preview): true {
  if (json) {
    print(JSON.stringify({ dryRun: true, would: preview.would, ...(preview.needs === undefined ? {} : { needs: preview.needs }), ...preview.details }));
    return true;
  }
  const lines = [`${ui.paint('cyan', 'dry run')}: nothing was changed`, ...preview.would.map((w) => `  would ${w}`)];
  if (preview.needs !== undefined) {
    const papers = preview.needs.breakGlass === true ? ' with --break-glass --ticket REF' : '';
    lines.push(`  needs role ${preview.needs.role}${papers} (${preview.needs.what})`);
  }
  print(lines.join('\n'));
  return true;
}

/** A domain check the CLI runs locally (a bad scope, an expiry too far); its ValidationError becomes a refusal. */
export function checked<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new CliError(`dry run: ${describeError(error)}; nothing was changed`);
  }
}
