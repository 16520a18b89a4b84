/** A sweep job on the sweep queue (written by the sweeper, read by the sweep workers). */
import * as z from 'zod';
import { LIFECYCLE_STATES, SERVICES } from '../domain/instance.ts';

const member = z.object({
  id: z.string(),
  cellId: z.string(),
  state: z.enum(LIFECYCLE_STATES),
  service: z.enum(SERVICES),
  version: z.number(),
  silentSince: z.string().optional(),
  lastHeartbeatAt: z.string().optional(),
});

/** What the sweep judged against (docs/DETECTION.md): the ingestion watermark and the end of the latest observer gap. */
const judgement = { judgeAt: z.iso.datetime().optional(), gapEndedAt: z.iso.datetime().optional() };

export const sweepJobSchema = z.discriminatedUnion('kind', [
  // lastSeenAt: the cell's last report as the sweep read it (a paged one may be later than its item's).
  z.object({ kind: z.literal('cell'), cellId: z.string().min(1), heldServices: z.array(z.enum(SERVICES)).optional(), lastSeenAt: z.iso.datetime().optional(), ...judgement }),
  z.object({ kind: z.literal('silent'), members: z.array(member).min(1), ...judgement }),
]);
