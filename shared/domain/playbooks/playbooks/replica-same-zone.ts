import * as z from 'zod';
import { definePlaybook } from '../define.ts';
import { page } from '../steps.ts';

/**
 * Audit finding: a replica shares its primary's zone, so one zone outage takes both. Moving it means building a
 * replica elsewhere and retiring this one, which a human plans with the customer; automation only pages.
 */
export const replicaSameZone = definePlaybook({
  name: 'replica-same-zone',
  condition: 'replica-same-zone',
  description: 'page only: moving a replica to another zone is planned by a human',
  options: z.object({}),
  steps: () => [page('warning', 'page the on-call engineer: a replica shares its primary\'s zone')],
});
