import { describe, expect, it } from 'vitest';
import { alarmNameFromArn, normalizeAlarmArn, normalizeTimestamp } from '../../../shared/domain/alarms/normalize.ts';

describe('normalizeTimestamp', () => {
  it.each([
    ['2019-10-02T17:04:40.989+0000', '2019-10-02T17:04:40.989Z'],
    ['2023-08-04T12: 36: 15.490+0000', '2023-08-04T12:36:15.490Z'],
    ['2022-07-22T15:57:45Z', '2022-07-22T15:57:45.000Z'],
    ['2022-07-22T17:57:45.1+02:00', '2022-07-22T15:57:45.100Z'],
    ['2022-07-22T00:10:00.123456-0130', '2022-07-22T01:40:00.123Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(normalizeTimestamp(text)).toBe(iso);
  });

  it.each(['date', '', '2023-08-04', '2023-08-04T24:00:00Z', '2023-13-01T00:00:00Z', '2023-08-04T12:36:15.490', 'Friday 04 August, 2023 12:54:46 UTC'])(
    'refuses %j',
    (text) => {
      expect(normalizeTimestamp(text)).toBeUndefined();
    },
  );
});

describe('alarm ARNs', () => {
  it('removes spaces before the alarm name but keeps those inside it', () => {
    expect(normalizeAlarmArn('arn:aws:cloudwatch:us-east-1: 111122223333:alarm:EC2 CPU Anomaly')).toBe(
      'arn:aws:cloudwatch:us-east-1:111122223333:alarm:EC2 CPU Anomaly',
    );
  });

  it('finds the alarm name, colons included, after :alarm:', () => {
    expect(alarmNameFromArn('arn:aws:cloudwatch:us-east-1:1:alarm:fw:pg-1:disk-full')).toBe('fw:pg-1:disk-full');
    expect(alarmNameFromArn('arn:aws:sns:us-east-1:1:topic')).toBeUndefined();
  });
});
