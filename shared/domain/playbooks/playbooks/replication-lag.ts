import * as z from 'zod';
import { definePlaybook } from '../define.ts';
import { page, rebuildReplica } from '../steps.ts';

const options = z.object({
  /** Verified when the rebuilt replica lags less than this. */
  replicaLagLimitSeconds: z.number().positive().default(30),
  rebuildVerifySeconds: z.number().positive().default(1800),
});

/** A replica fell behind: re-seed it from its primary; page if it still lags. */
export const replicationLag = definePlaybook({
  name: 'replication-lag',
  condition: 'replication-lag',
  description: 'rebuild the lagging replica from its primary, then page',
  options,
  steps: (o) => [
    rebuildReplica({ replicaLagLimitSeconds: o.replicaLagLimitSeconds, verifyWithinSeconds: o.rebuildVerifySeconds }),
    page('warning'),
  ],
});
