import * as z from 'zod';
import { definePlaybook } from '../define.ts';
import { growStorage, page } from '../steps.ts';

const options = z.object({
  growByPct: z.number().int().min(10).max(200).default(50),
  /** Verified when disk use falls under this; the alarm fires at 90%. */
  targetDiskPct: z.number().gt(0).lt(100).default(80),
  attempts: z.number().int().min(1).default(2),
});

/** The disk is filling up: grow the volume online; page if it does not help. */
export const diskFull = definePlaybook({
  name: 'disk-full',
  condition: 'disk-full',
  description: 'grow storage online, then page',
  options,
  steps: (o) => [
    growStorage({ growByPct: o.growByPct, targetDiskPct: o.targetDiskPct, maxAttempts: o.attempts }),
    page('critical'),
  ],
});
