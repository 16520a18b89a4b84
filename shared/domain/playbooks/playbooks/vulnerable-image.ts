import * as z from 'zod';
import { definePlaybook } from '../define.ts';
import { notServingPrimary, newerImage } from '../preconditions.ts';
import { failover, page, replace } from '../steps.ts';

const options = z.object({
  replicaLagLimitSeconds: z.number().positive().default(30),
  replaceVerifySeconds: z.number().positive().default(900),
});

/**
 * Audit finding: the instance runs an image with an advisory. Roll it onto the current image. A
 * primary is failed over first so its cluster keeps serving; a primary that cannot be failed over is
 * left to a human rather than taken down. A failed failover stops the playbook: the cluster's state
 * is then uncertain, and replacing on top of it could make it worse.
 */
export const vulnerableImage = definePlaybook({
  name: 'vulnerable-image',
  condition: 'vulnerable-image',
  description: 'fail a primary over, replace from the current (fixed) image, then page',
  options,
  steps: (o) => [
    failover({ replicaLagLimitSeconds: o.replicaLagLimitSeconds, onVerified: 'next', onExhausted: 'escalate' }),
    replace({ verifyWithinSeconds: o.replaceVerifySeconds, preconditions: [newerImage, notServingPrimary] }),
    page('warning'),
  ],
});
