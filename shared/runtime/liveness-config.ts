/** Liveness thresholds per service, from the environment serverless.yml sets (params per stage). */
import * as z from 'zod';
import { SERVICES, type Service } from '../domain/instance.ts';
import { validateThresholds, type LivenessThresholds, type ThresholdsByService } from '../domain/liveness.ts';
import { DEFAULT_REFRESH_SECONDS } from '../domain/report-pages.ts';
import { numberEnv } from './config.ts';
import { parseJson, parseWith } from './parse.ts';

const overridesSchema = z.partialRecord(
  z.enum(SERVICES),
  z.object({
    heartbeatIntervalSeconds: z.number().positive().optional(),
    uncertainAfterSeconds: z.number().positive().optional(),
    unavailableAfterSeconds: z.number().positive().optional(),
  }).strict(),
);

export function thresholdsFromEnv(env: NodeJS.ProcessEnv = process.env): ThresholdsByService {
  const base: LivenessThresholds = {
    heartbeatIntervalSeconds: numberEnv('HEARTBEAT_INTERVAL_SECONDS', 30, env),
    uncertainAfterSeconds: numberEnv('UNCERTAIN_AFTER_SECONDS', 90, env),
    unavailableAfterSeconds: numberEnv('UNAVAILABLE_AFTER_SECONDS', 180, env),
  };
  const raw = env.LIVENESS_OVERRIDES;
  const overrides: Partial<Record<Service, Partial<LivenessThresholds>>> = raw ? parseWith(overridesSchema, parseJson(raw, 'LIVENESS_OVERRIDES'), 'LIVENESS_OVERRIDES') : {};
  const entries = SERVICES.map((service: Service) => [service, validateThresholds(service, { ...base, ...overrides[service] })] as const);
  return Object.fromEntries(entries) as ThresholdsByService;
}

/**
 * How long a steady cell's record may go unwritten while its reports are paged (docs/PERFORMANCE.md);
 * REPORT_REFRESH_SECONDS=0 turns paging off: every report writes its cell's item.
 */
export function reportRefreshSecondsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return numberEnv('REPORT_REFRESH_SECONDS', DEFAULT_REFRESH_SECONDS, env);
}
