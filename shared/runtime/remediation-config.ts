/**
 * Remediation settings from the environment (serverless.yml sets them from params):
 * - `REMEDIATION_DRY_RUN` (true/false): dry run for the whole fleet; `REMEDIATION_DRY_RUN_PLAYBOOKS`: a comma list.
 * - `REMEDIATION_SAFETY`: JSON for `SafetyConfigSchema` (budgets, mass events, breaker, freezes); defaults otherwise.
 * - `REMEDIATION_PLAYBOOK_OPTIONS`: JSON, options per playbook name (validated when the playbooks load).
 * - `REMEDIATION_PROBE_INTERVAL_SECONDS`, `REMEDIATION_WAIT_RECHECK_SECONDS`: how often to probe / re-check budget.
 */
import * as z from 'zod';
import { PLAYBOOKS, loadPlaybooks, type PlaybookSet } from '../domain/playbooks/registry.ts';
import { AgendaTimingsSchema } from '../domain/remediation/agenda.ts';
import { SafetyConfigSchema } from '../domain/safety/config.ts';
import type { RemediationSettings } from '../usecases/remediation/deps.ts';
import { booleanEnv, numberEnv } from './config.ts';
import { parseJson, parseWith } from './parse.ts';

function json(name: string, env: NodeJS.ProcessEnv): unknown {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? {} : parseJson(raw, name);
}

export function remediationSettings(env: NodeJS.ProcessEnv = process.env): RemediationSettings {
  const safety = parseWith(SafetyConfigSchema, json('REMEDIATION_SAFETY', env), 'REMEDIATION_SAFETY');
  const playbooks = (env.REMEDIATION_DRY_RUN_PLAYBOOKS ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  safety.dryRun = {
    global: safety.dryRun.global || booleanEnv('REMEDIATION_DRY_RUN', false, env),
    playbooks: [...new Set([...safety.dryRun.playbooks, ...playbooks])],
  };
  const timings = AgendaTimingsSchema.parse({
    waitRecheckSeconds: numberEnv('REMEDIATION_WAIT_RECHECK_SECONDS', 30, env),
  });
  return { safety, timings, probeIntervalSeconds: numberEnv('REMEDIATION_PROBE_INTERVAL_SECONDS', 15, env) };
}

export function playbooksFromEnv(env: NodeJS.ProcessEnv = process.env): PlaybookSet {
  const options = parseWith(z.record(z.string(), z.record(z.string(), z.unknown())), json('REMEDIATION_PLAYBOOK_OPTIONS', env), 'REMEDIATION_PLAYBOOK_OPTIONS');
  return loadPlaybooks(PLAYBOOKS, options);
}
