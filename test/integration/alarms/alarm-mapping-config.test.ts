/** ALARM_MAPPING, read by the deployed function at cold start, changes the mapping without a code edit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmIntakeResult } from '../../../shared/usecases/alarm-intake.ts';
import type { StackUnderTest } from '../../support/local-stack.ts';
import { eventBridgeAlarm, registerAvailable, startAlarmStack } from './support.ts';

let sut: StackUnderTest;

beforeAll(async () => {
  const mapping = { instanceDimensions: ['ServerName'], conditions: [{ condition: 'connections-saturated', namespace: '^Custom/Pgbouncer$', metricName: '^ClientConnections$' }] };
  sut = await startAlarmStack({ ALARM_MAPPING: JSON.stringify(mapping) });
  await registerAvailable(sut, 'pg-custom-1');
});

afterAll(async () => {
  await sut.stack.stop();
});

describe('a custom alarm mapping', () => {
  it('maps by the configured dimension and rule, and no longer by the defaults it replaced', async () => {
    const custom = eventBridgeAlarm({ name: 'pool-full', state: 'ALARM', at: '2026-11-22T11:00:00.000Z', namespace: 'Custom/Pgbouncer', metric: 'ClientConnections', dimensions: { ServerName: 'pg-custom-1' } });
    const [result] = (await sut.stack.invoke('alarmIntake', custom)) as AlarmIntakeResult[];
    expect(result).toMatchObject({ instanceIds: ['pg-custom-1'], condition: 'connections-saturated', action: 'raise' });

    const byDefaultDimension = eventBridgeAlarm({ name: 'storage', state: 'ALARM', at: '2026-11-22T11:01:00.000Z', dimensions: { DBInstanceIdentifier: 'pg-custom-1' } });
    const [unmatched] = (await sut.stack.invoke('alarmIntake', byDefaultDimension)) as AlarmIntakeResult[];
    expect(unmatched).toMatchObject({ unmatched: true, condition: 'unclassified-alarm' });
  });
});
