/** Mapping by alarm tag: CloudWatch's ListTagsForResource is not emulated, so aws-sdk-client-mock stands in for it. */
import { CloudWatchClient, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { cloudWatchAlarmTags } from '../../../shared/adapters/cloudwatch/alarm-tags.ts';
import { AlarmLog } from '../../../shared/adapters/dynamo/alarm-log.ts';
import { DEFAULT_ALARM_MAPPING, parseAlarmEvent } from '../../../shared/domain/alarms/index.ts';
import { recordAlarmChange } from '../../../shared/usecases/alarm-intake.ts';
import type { AlarmIntakeDeps } from '../../../shared/usecases/alarms/deps.ts';
import { recordTransition, registerInstance } from '../../../shared/usecases/ledger.ts';
import { detectionTestDeps, SettableClock } from '../../support/deps.ts';
import { anInstanceSpec, system } from '../../support/factories.ts';
import { freshStack, type TestStack } from '../../support/stack.ts';

let stack: TestStack;
let deps: AlarmIntakeDeps;
const cloudWatch = new CloudWatchClient({ region: 'us-east-1' });
const cw = mockClient(cloudWatch);
const warnings: string[] = [];

// A real published EventBridge alarm (CPU on an EC2 instance id): its dimensions name no registered instance.
const sample = parseAlarmEvent((await import('../../../../shared/aws-events/cloudwatch-alarm-state-change-single-metric-alarm.json', { with: { type: 'json' } })).default);

beforeAll(async () => {
  stack = await freshStack();
  const clock = new SettableClock(new Date('2026-11-22T10:00:00Z'));
  const base = detectionTestDeps(stack, clock).deps;
  deps = {
    ...base,
    alarmLog: new AlarmLog(stack.doc, stack.tableName),
    mapping: DEFAULT_ALARM_MAPPING,
    alarmTags: cloudWatchAlarmTags(cloudWatch, clock.read, (message) => warnings.push(message)),
  };
  const spec = anInstanceSpec({ id: 'pg-tagged-1' });
  await registerInstance(deps, spec, { actor: system, reason: 'created', cause: { kind: 'created', id: spec.id } });
  await recordTransition(deps, spec.id, 'available', { actor: system, reason: 'ready', cause: { kind: 'ready', id: spec.id } });
});

describe('mapping an alarm by its tag', () => {
  it('raises the condition on the instance the alarm is tagged with', async () => {
    cw.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'fleetwarden:instance', Value: 'pg-tagged-1' }] });
    const [change] = sample;
    if (change === undefined) throw new Error('the sample holds a state change');
    const result = await recordAlarmChange(deps, change);
    expect(result).toMatchObject({ instanceIds: ['pg-tagged-1'], condition: 'cpu-saturated', action: 'raise', unmatched: false });
    expect((await stack.store.get('pg-tagged-1')).conditions?.['cpu-saturated']).toMatchObject({ source: change.alarmArn });
  });

  it('falls back to names and dimensions when CloudWatch cannot be asked, and says so', async () => {
    cw.reset();
    cw.on(ListTagsForResourceCommand).rejects(new Error('AccessDenied'));
    const tags = cloudWatchAlarmTags(cloudWatch, () => new Date(), (message) => warnings.push(message));
    expect(await tags('arn:aws:cloudwatch:us-east-1:123456789012:alarm:other')).toBeUndefined();
    expect(warnings).toContain('alarm tags unavailable; mapping by name and dimensions only');
  });
});
