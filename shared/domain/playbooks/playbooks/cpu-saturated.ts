import * as z from 'zod';
import { definePlaybook } from '../define.ts';
import { page } from '../steps.ts';

/**
 * CPU stays saturated. The cause is the workload or the plan size, so no automatic remedy is safe: a
 * human decides between resizing and talking to the customer. The playbook exists so that the
 * condition is answered and recorded like any other.
 */
export const cpuSaturated = definePlaybook({
  name: 'cpu-saturated',
  condition: 'cpu-saturated',
  description: 'page only: resizing is a decision for a human',
  options: z.object({}),
  steps: () => [page('warning', 'page the on-call engineer: CPU is saturated')],
});
