import * as z from 'zod';
import { definePlaybook } from '../define.ts';
import { failover, page, replace, restart } from '../steps.ts';

const options = z.object({
  /** Restarts fix most crashes; two tries tell a crash from a broken host. */
  restartAttempts: z.number().int().min(1).default(2),
  restartVerifySeconds: z.number().positive().default(180),
  /** A replica further behind than this would lose acknowledged writes on promotion. */
  replicaLagLimitSeconds: z.number().positive().default(30),
  replaceVerifySeconds: z.number().positive().default(900),
});

/**
 * An instance is down: restart it; if that does not bring it back and it is a primary with a healthy
 * replica in another zone, fail over (then replace the fenced primary to restore redundancy); otherwise
 * replace it from the current image; page when all of that failed.
 */
export const down = definePlaybook({
  name: 'down',
  condition: 'down',
  description: 'restart, fail over a primary to a healthy replica, replace from the image, then page',
  options,
  steps: (o) => [
    restart({ maxAttempts: o.restartAttempts, verifyWithinSeconds: o.restartVerifySeconds }),
    failover({ replicaLagLimitSeconds: o.replicaLagLimitSeconds, onVerified: 'next' }),
    replace({ verifyWithinSeconds: o.replaceVerifySeconds }),
    page('critical'),
  ],
});
