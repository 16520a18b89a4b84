/**
 * An alarm's tags, for mapping an alarm to its instance by tag (`fleetwarden:instance`). Cached per container for
 * five minutes: alarms are few and their tags rarely change. A lookup that fails maps by name and dimensions
 * alone rather than failing the alarm.
 */
import { ListTagsForResourceCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { describeError } from '../../domain/errors.ts';
import type { AlarmTagSource } from '../../usecases/alarms/ports.ts';

export type { AlarmTagSource };

const TTL_MS = 5 * 60_000;

export function cloudWatchAlarmTags(
  client: CloudWatchClient,
  now: () => Date,
  warn: (message: string, details: Record<string, unknown>) => void,
): AlarmTagSource {
  const cache = new Map<string, { tags: Record<string, string>; until: number }>();
  return async (alarmArn) => {
    const hit = cache.get(alarmArn);
    if (hit !== undefined && hit.until > now().getTime()) return hit.tags;
    try {
      const out = await client.send(new ListTagsForResourceCommand({ ResourceARN: alarmArn }));
      const tags = Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
      cache.set(alarmArn, { tags, until: now().getTime() + TTL_MS });
      return tags;
    } catch (error) {
      warn('alarm tags unavailable; mapping by name and dimensions only', { alarmArn, error: describeError(error) });
      return undefined;
    }
  };
}
