import * as z from 'zod';
import { definePlaybook } from '../define.ts';
import { page, rotateCredentials } from '../steps.ts';

/** Audit finding: credentials are older than the rotation policy. Rotate them; page if that fails. */
export const credentialsStale = definePlaybook({
  name: 'credentials-stale',
  condition: 'credentials-stale',
  description: 'rotate the service credentials, then page',
  options: z.object({ attempts: z.number().int().min(1).default(2) }),
  steps: (o) => [rotateCredentials({ maxAttempts: o.attempts }), page('warning')],
});
