/**
 * The scheduled events that start periodic work: an EventBridge rule's "Scheduled Event" (source aws.events) and
 * EventBridge Scheduler's default payload (source aws.scheduler, whose `detail` is the string "{}").
 */
import * as z from 'zod';

export const scheduledEventSchema = z.looseObject({
  source: z.enum(['aws.events', 'aws.scheduler']),
  'detail-type': z.literal('Scheduled Event'),
  time: z.string(),
  id: z.string(),
});
