/** Schemas at the audits' edges: the audit queue's messages and the operator commands' inputs. */
import * as z from 'zod';
import { RUN_ID_PATTERN } from '../domain/audit-runs/run.ts';
import { SEVERITIES } from '../domain/audits/finding.ts';

export const runIdSchema = z.string().regex(RUN_ID_PATTERN, 'must be a run id like run-20260308-030000-1c4b6a');

export const segmentJobSchema = z.strictObject({
  runId: runIdSchema,
  segment: z.number().int().nonnegative(),
  totalSegments: z.number().int().min(1).max(1_000_000),
});

export const advisoryIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be an id like CVE-2026-1234');

export const advisoryAddSchema = z.strictObject({
  id: advisoryIdSchema,
  affects: z.array(z.string().min(1)).min(1, 'give at least one image pattern (--affects)'),
  fixedImage: z.string().min(1).optional(),
  severity: z.enum(SEVERITIES).default('high'),
  title: z.string().trim().min(1).max(300).optional(),
  list: z.boolean().default(false),
});
