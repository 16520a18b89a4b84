import * as z from 'zod';
import { definePlaybook } from '../define.ts';
import { page, restart } from '../steps.ts';

const options = z.object({
  /** Verified when connection use falls under this share of the limit. */
  targetConnectionsPct: z.number().gt(0).lt(100).default(80),
});

/**
 * Connections are exhausted, usually by leaked client sessions: one restart clears them. A second
 * saturation means the clients need a human, so there is a single attempt.
 */
export const connectionsSaturated = definePlaybook({
  name: 'connections-saturated',
  condition: 'connections-saturated',
  description: 'restart once to drop leaked sessions, then page',
  options,
  steps: (o) => [
    restart({ maxAttempts: 1, require: [{ field: 'connectionsPct', below: o.targetConnectionsPct }] }),
    page('warning'),
  ],
});
