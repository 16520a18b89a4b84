import * as z from 'zod';
import { definePlaybook } from '../define.ts';
import { enforceTls, page } from '../steps.ts';

/** Audit finding: clients may connect without TLS. Require it; page if that cannot be verified. */
export const tlsNotEnforced = definePlaybook({
  name: 'tls-not-enforced',
  condition: 'tls-not-enforced',
  description: 'require TLS on every connection, then page',
  options: z.object({ attempts: z.number().int().min(1).default(2) }),
  steps: (o) => [enforceTls({ maxAttempts: o.attempts }), page('warning')],
});
