import { ValidationError } from '../errors.ts';
import type { ConditionName } from '../instance.ts';
import type { PlaybookDefinition } from './define.ts';
import type { Playbook } from './types.ts';
import { backupStale } from './playbooks/backup-stale.ts';
import { connectionsSaturated } from './playbooks/connections-saturated.ts';
import { cpuSaturated } from './playbooks/cpu-saturated.ts';
import { credentialsStale } from './playbooks/credentials-stale.ts';
import { diskFull } from './playbooks/disk-full.ts';
import { down } from './playbooks/down.ts';
import { memorySaturated } from './playbooks/memory-saturated.ts';
import { publicExposure } from './playbooks/public-exposure.ts';
import { replicaMissing } from './playbooks/replica-missing.ts';
import { replicaSameZone } from './playbooks/replica-same-zone.ts';
import { replicationLag } from './playbooks/replication-lag.ts';
import { tlsNotEnforced } from './playbooks/tls-not-enforced.ts';
import { vulnerableImage } from './playbooks/vulnerable-image.ts';

/**
 * Every playbook Fleetwarden ships. Adding a remedy: one file in `playbooks/`, and its line here (bundled Lambda code
 * cannot list a folder; a unit test fails while a file in `playbooks/` is not listed).
 */
export const PLAYBOOKS: readonly PlaybookDefinition[] = [
  down,
  diskFull,
  replicationLag,
  connectionsSaturated,
  cpuSaturated,
  memorySaturated,
  backupStale,
  vulnerableImage,
  tlsNotEnforced,
  credentialsStale,
  replicaMissing,
  replicaSameZone,
  publicExposure,
];

/** The validated playbooks, looked up by name (tasks) or by condition (planning). */
export interface PlaybookSet {
  readonly list: readonly Playbook[];
  readonly byName: ReadonlyMap<string, Playbook>;
  readonly byCondition: ReadonlyMap<ConditionName, Playbook>;
}

function registryIssues(definitions: readonly PlaybookDefinition[], options: Readonly<Record<string, unknown>>): string[] {
  const issues: string[] = [];
  const names = new Set<string>();
  const conditions = new Map<string, string>();
  for (const { name, condition } of definitions) {
    if (names.has(name)) issues.push(`playbook "${name}" is registered twice`);
    const owner = conditions.get(condition);
    if (owner !== undefined && owner !== name) {
      issues.push(`playbook "${name}" answers condition "${condition}", which playbook "${owner}" already answers`);
    }
    names.add(name);
    conditions.set(condition, owner ?? name);
  }
  for (const name of Object.keys(options)) {
    if (!names.has(name)) issues.push(`options are given for playbook "${name}", which is not registered`);
  }
  return issues;
}

/**
 * Validates every playbook once, at cold start: unique names, one playbook per condition, known
 * steps, at least one attempt per step, an escalation at the end, and options that parse.
 *
 * @param options per-playbook option overrides (from configuration), keyed by playbook name.
 * @throws ValidationError naming the first bad playbook (or the registry, for duplicates) and its issues.
 */
export function loadPlaybooks(
  definitions: readonly PlaybookDefinition[] = PLAYBOOKS,
  options: Readonly<Record<string, unknown>> = {},
): PlaybookSet {
  const issues = registryIssues(definitions, options);
  if (issues.length > 0) throw new ValidationError('playbook registry', issues);
  const list = definitions.map((definition) => definition.validate(options[definition.name]));
  return {
    list,
    byName: new Map(list.map((p) => [p.name, p])),
    byCondition: new Map(list.map((p) => [p.condition, p])),
  };
}
