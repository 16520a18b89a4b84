import * as z from 'zod';
import { definePlaybook } from '../define.ts';
import { page } from '../steps.ts';

/**
 * Audit finding, urgent: an instance is reachable from the internet although its plan forbids it. Cutting the
 * network could take a customer's application down, and the fleet actions have no network change: page at once,
 * critical, with the finding.
 */
export const publicExposure = definePlaybook({
  name: 'public-exposure',
  condition: 'public-exposure',
  description: 'page at once (critical): closing network access is a decision for a human',
  options: z.object({}),
  steps: () => [page('critical', 'page the on-call engineer now: the instance is reachable from the internet against its plan')],
});
