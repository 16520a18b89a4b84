/** Commands over detection's view of itself: is it holding, why, and an engineer's release of a held service. */
import * as z from 'zod';
import { ValidationError } from '../domain/errors.ts';
import { SERVICES } from '../domain/instance.ts';
import { holdSummary } from '../domain/observer/hold.ts';
import type { ObserverStore } from '../adapters/dynamo/observer-store.ts';
import { command } from './command.ts';

/** What `warden status` and `warden detection` show: held or judging, why, the watermark and the held services. */
export async function detectionStatus(observer: ObserverStore) {
  const record = await observer.read();
  return {
    held: record.hold !== undefined,
    summary: holdSummary(record),
    ...(record.hold === undefined ? {} : { hold: record.hold }),
    scopes: record.scopes,
    ...(record.intake === undefined ? {} : { intake: record.intake }),
    ...(record.gap === undefined ? {} : { gap: record.gap }),
    ...(record.lastSweepAt === undefined ? {} : { lastSweepAt: record.lastSweepAt }),
  };
}

export const detectionCommand = command({
  name: 'detection',
  description: 'Detection\'s view of itself (held or judging, why, the intake mark); release lets it judge a service held as implausible',
  mutating: false,
  input: z.object({}).strict(),
  run: async (_input, { deps }) => detectionStatus(deps.observer),
});

export const detectionReleaseCommand = command({
  name: 'detection-release',
  description: 'Lets detection judge the whole-cell silence of a service it holds as implausible (the silence is real)',
  mutating: true,
  input: z.object({ service: z.enum(SERVICES) }).strict(),
  run: async ({ service }, { deps, actor }) => {
    const released = await deps.observer.releaseScope(service, `${actor.kind}:${actor.id}`, deps.clock().toISOString());
    if (!released) throw new ValidationError('detection-release', [`service ${service} is not held as implausible silence (warden detection shows what is held)`]);
    return detectionStatus(deps.observer);
  },
});
