import * as z from 'zod';
import { definePlaybook } from '../define.ts';
import { page } from '../steps.ts';

/** Memory stays saturated. A restart would only hide the pressure for a while, so a human looks. */
export const memorySaturated = definePlaybook({
  name: 'memory-saturated',
  condition: 'memory-saturated',
  description: 'page only: a restart would only hide the pressure',
  options: z.object({}),
  steps: () => [page('warning', 'page the on-call engineer: memory is saturated')],
});
