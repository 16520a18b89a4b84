import * as z from 'zod';
import { ValidationError } from '../errors.ts';
import { ALARM_ARN, normalizeAlarmArn, normalizeTimestamp } from './normalize.ts';
import { ALARM_STATES } from './types.ts';

/** Zod pieces shared by the three alarm shapes, and the one place zod issues become a ValidationError. */

export const alarmStateSchema = z.enum(ALARM_STATES);

/** A CloudWatch timestamp, normalized to ISO-8601 UTC (see `normalizeTimestamp`). */
export const timestampSchema = z.string().transform((text, ctx) => {
  const iso = normalizeTimestamp(text);
  if (iso !== undefined) return iso;
  ctx.addIssue({ code: 'custom', message: `not an ISO-8601 timestamp: "${text}"` });
  return z.NEVER;
});

/** An alarm ARN, with whitespace typos in its account/region part removed. */
export const alarmArnSchema = z
  .string()
  .transform(normalizeAlarmArn)
  .pipe(z.string().regex(ALARM_ARN, 'not a CloudWatch alarm ARN (arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>)'));

export function issuesOf(error: z.ZodError, prefix?: string): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '').join('.');
    return `${path === '' ? '(event)' : path}: ${issue.message}`;
  });
}

/** Parses `value` or throws a ValidationError naming `what` and every wrong field (paths under `prefix`). */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string, prefix?: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(what, issuesOf(result.error, prefix));
  return result.data;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON.parse that answers `undefined` instead of throwing: the caller decides what bad JSON means. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
