import * as z from 'zod';
import { definePlaybook } from '../define.ts';
import { page, takeBackup } from '../steps.ts';

const options = z.object({
  attempts: z.number().int().min(1).default(2),
  backupVerifySeconds: z.number().positive().default(3600),
});

/** Audit finding: the last good backup is too old. Take one now; page if none completes. */
export const backupStale = definePlaybook({
  name: 'backup-stale',
  condition: 'backup-stale',
  description: 'take an on-demand backup, then page',
  options,
  steps: (o) => [takeBackup({ maxAttempts: o.attempts, verifyWithinSeconds: o.backupVerifySeconds }), page('warning')],
});
