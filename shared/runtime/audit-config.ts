/**
 * The audit's settings from the environment (serverless.yml sets them per stage):
 *   AUDIT_SEGMENTS               scan segments per run (default 16; deployed stages set 64)
 *   AUDIT_CHECKS                 JSON check overrides, e.g. {"backups.recent":{"maxAgeHours":12},"performance.headroom":false}
 *   ROLL_MAX_PER_WAVE            most instances in one wave of an image roll (default 50)
 *   ROLL_MAX_PER_ZONE_PER_WAVE   most of them in one zone (default 20)
 *   ADVISORY_LIST_LIMIT          most instances `warden advisory ... --json` lists (default 20000)
 */
import { DEFAULT_PLANS } from '../domain/audits/plans.ts';
import { loadChecks, type CheckOverrides } from '../domain/audits/registry.ts';
import type { AuditConfig } from '../usecases/audits/deps.ts';
import * as z from 'zod';
import { ConfigurationError, numberEnv } from './config.ts';
import { parseJson, parseWith } from './parse.ts';

/** DynamoDB's own bound on TotalSegments. */
const MAX_SEGMENTS = 1_000_000;

export function auditConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  const segments = numberEnv('AUDIT_SEGMENTS', 16, env);
  if (!Number.isInteger(segments) || segments < 1 || segments > MAX_SEGMENTS) {
    throw new ConfigurationError(`AUDIT_SEGMENTS must be a whole number from 1 to ${MAX_SEGMENTS}, got ${segments}`);
  }
  return {
    segments,
    checks: loadChecks(checkOverrides(env.AUDIT_CHECKS)),
    plans: DEFAULT_PLANS,
    roll: { maxPerWave: numberEnv('ROLL_MAX_PER_WAVE', 50, env), maxPerZonePerWave: numberEnv('ROLL_MAX_PER_ZONE_PER_WAVE', 20, env) },
    listLimit: numberEnv('ADVISORY_LIST_LIMIT', 20_000, env),
  };
}

/** Each check's options as an object, or false to turn the check off; the options themselves are the check's to validate. */
const overridesSchema = z.record(z.string(), z.union([z.record(z.string(), z.unknown()), z.literal(false)]));

function checkOverrides(raw: string | undefined): CheckOverrides {
  if (raw === undefined || raw.trim() === '') return {};
  return parseWith(overridesSchema, parseJson(raw, 'AUDIT_CHECKS'), 'AUDIT_CHECKS');
}
