import * as z from 'zod';
import { definePlaybook } from '../define.ts';
import { page } from '../steps.ts';

/**
 * Audit finding: a primary has fewer replicas than its plan promises. Adding a replica is a capacity change the
 * fleet actions do not include (and it costs the customer money), so a human decides; the page carries the count.
 */
export const replicaMissing = definePlaybook({
  name: 'replica-missing',
  condition: 'replica-missing',
  description: 'page only: adding a replica is a capacity decision for a human',
  options: z.object({}),
  steps: () => [page('warning', 'page the on-call engineer: the cluster has fewer replicas than its plan requires')],
});
