/**
 * Small pure helpers that turn the irregular strings found in real alarm payloads into canonical ones.
 * The AWS docs samples contain `2023-08-04T12: 36: 15.490+0000` and `arn:aws:cloudwatch:us-east-1: 4444...`:
 * copied into tests and tools, such typos reach us, so we repair what is unambiguous and reject the rest.
 */

const TIMESTAMP =
  /^(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})T(?<h>\d{2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:\.(?<frac>\d{1,9}))?)?(?<zone>Z|[+-]\d{2}:?\d{2})$/;

function offsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

/**
 * Parses an ISO-8601 timestamp as CloudWatch writes it (`+0000` offsets, stray spaces) and returns it
 * as ISO-8601 UTC with milliseconds, or `undefined` when it is not a real instant.
 *
 * @example normalizeTimestamp('2023-08-04T12: 36: 15.490+0000') // '2023-08-04T12:36:15.490Z'
 */
export function normalizeTimestamp(text: string): string | undefined {
  const groups = TIMESTAMP.exec(text.replace(/\s+/g, ''))?.groups;
  if (groups === undefined) return undefined;
  const [y, mo, d, h, mi] = [groups.y, groups.mo, groups.d, groups.h, groups.mi].map(Number);
  const s = Number(groups.s ?? '0');
  const ms = Number((groups.frac ?? '').padEnd(3, '0').slice(0, 3));
  if (y === undefined || mo === undefined || d === undefined || h === undefined || mi === undefined) return undefined;
  const wall = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  // Date.UTC rolls 30 February over into March; a real instant must read back unchanged.
  const readsBack =
    wall.getUTCFullYear() === y && wall.getUTCMonth() === mo - 1 && wall.getUTCDate() === d &&
    wall.getUTCHours() === h && wall.getUTCMinutes() === mi && wall.getUTCSeconds() === s;
  if (!readsBack) return undefined;
  return new Date(wall.getTime() - offsetMinutes(groups.zone ?? 'Z') * 60_000).toISOString();
}

const ALARM_MARK = ':alarm:';

/**
 * Removes whitespace from the partition/region/account part of an alarm ARN. The alarm name after
 * `:alarm:` is kept as it is: alarm names may contain spaces.
 */
export function normalizeAlarmArn(arn: string): string {
  const at = arn.indexOf(ALARM_MARK);
  if (at < 0) return arn.trim();
  return arn.slice(0, at).replace(/\s+/g, '') + arn.slice(at).trimEnd();
}

/** The alarm name inside an alarm ARN (`arn:aws:cloudwatch:r:a:alarm:NAME`), or undefined. */
export function alarmNameFromArn(arn: string): string | undefined {
  const at = arn.indexOf(ALARM_MARK);
  if (at < 0) return undefined;
  const name = arn.slice(at + ALARM_MARK.length);
  return name === '' ? undefined : name;
}

export const ALARM_ARN = /^arn:[^:\s]+:cloudwatch:[^:]*:[^:]*:alarm:.+$/;

const TRANSITIONED = /(arn:[^:\s]+:cloudwatch:[^:]*:[^:]*:alarm:.+?) transitioned to (?:ALARM|OK|INSUFFICIENT_DATA)\b/g;

/**
 * Child alarm ARNs named in a composite alarm's reason text
 * (`arn:...:alarm:Child transitioned to ALARM at ...`). Used only when the structured reasonData is absent.
 */
export function transitionedArnsIn(reason: string): string[] {
  return [...reason.matchAll(TRANSITIONED)].flatMap((match) => (match[1] === undefined ? [] : [normalizeAlarmArn(match[1])]));
}

/** The idempotency key of one state change; see `AlarmStateChange.occurrenceId`. */
export function occurrenceIdOf(alarmArn: string, state: string, at: string): string {
  return `${alarmArn}#${state}#${at}`;
}
