/** `warden replay` against the local stack: recorded events through the functions AWS would deliver them to. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReplayOutcome } from '../../../cli/replay/outcome.ts';
import type { StackUnderTest } from '../../support/local-stack.ts';
import { SAMPLES_DIR } from '../../unit/alarms/samples.ts';
import { startAlarmStack } from './support.ts';

let sut: StackUnderTest;
/** The simulated fleet's ids that the samples in events/ name. */
const FLEET_IDS = ['pg-00001-1', 'pg-00001-2', 'rd-00002-1', 'kf-00003'];

beforeAll(async () => {
  sut = await startAlarmStack();
});

afterAll(async () => {
  await sut.stack.stop();
});

const lines = (out: string) => out.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as ReplayOutcome);
const quietly = async <T>(run: () => Promise<T>): Promise<T> => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    return await run();
  } finally {
    errors.mockRestore();
  }
};

function eventsDir(events: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  for (const [name, event] of Object.entries(events)) writeFileSync(join(dir, name), JSON.stringify(event));
  return dir;
}

function fleetEvent(detailType: string, detail: Record<string, unknown>) {
  return { version: '0', id: crypto.randomUUID(), 'detail-type': detailType, source: 'fleetwarden.fleet', account: '123456789012', time: '2026-11-22T10:00:00Z', region: 'us-east-1', resources: [], detail };
}

function created(id: string) {
  const role = id.startsWith('kf') ? { kind: 'standalone' } : { kind: id.endsWith('-1') ? 'primary' : 'replica', cluster: id.replace(/-\d$/, '') };
  return fleetEvent('Instance Created', {
    id, service: id.startsWith('pg') ? 'postgres' : id.startsWith('rd') ? 'redis' : 'kafka', plan: 'standard', region: 'us-east-1',
    zone: 'us-east-1a', cellId: 'us-east-1a-cell-1', image: { name: 'image', version: '1' }, role,
  });
}

describe('warden replay', () => {
  it('registers instances from recorded fleet events, then replays events/ with one JSON line per event, all accepted', async () => {
    const fleet = eventsDir(Object.fromEntries(FLEET_IDS.flatMap((id) => [
      [`${id}-1-created.json`, created(id)],
      [`${id}-2-ready.json`, fleetEvent('Instance Ready', { instanceId: id })],
    ])));
    const registered = await sut.warden('replay', fleet, '--json');
    expect(registered.code).toBe(0);
    expect(lines(registered.out).map((o) => [o.function, o.accepted])).toEqual(FLEET_IDS.flatMap(() => [['provisioning', true], ['provisioning', true]]));

    const { code, out } = await sut.warden('replay', 'events', '--json');
    const outcomes = lines(out);
    expect(outcomes.map((o) => o.file)).toEqual(readdirSync('events').filter((f) => f.endsWith('.json')).sort().map((f) => join('events', f)));
    expect(outcomes.filter((o) => !o.accepted)).toEqual([]);
    expect(code).toBe(0);
    const byFile = Object.fromEntries(outcomes.map((o) => [o.file.replace('events/', ''), o]));
    expect(byFile['alarm-disk-full-eventbridge.json']).toMatchObject({ function: 'alarmIntake', instanceIds: ['pg-00001-1'], condition: 'disk-full', action: 'raise', error: null });
    expect(byFile['alarm-replication-lag-sns.json']).toMatchObject({ instanceIds: ['pg-00001-2'], condition: 'replication-lag' });
    expect(byFile['alarm-down-lambda-action.json']).toMatchObject({ instanceIds: ['rd-00002-1'], condition: 'down' });
    expect(byFile['alarm-heartbeat-insufficient-data-eventbridge.json']).toMatchObject({ instanceIds: ['kf-00003'], action: 'observe' });
    expect(byFile['fleet-instance-created.json']).toMatchObject({ function: 'provisioning', instanceIds: ['pg-orders-1'] });

    const shown = JSON.parse((await sut.warden('show', 'rd-00002-1', '--json')).out) as { instance: { state: string; conditions: Record<string, unknown> } };
    expect(shown.instance.state).toBe('unavailable');
    expect(Object.keys(shown.instance.conditions)).toEqual(['down']);
  });

  it('replays heartbeats: an SQS batch of cell reports, a bare cell report and an Instance Heartbeat event', async () => {
    const report = { type: 'cell-heartbeat', cellId: 'us-east-1a-cell-9', at: '2026-11-22T10:40:00Z', instances: [{ id: 'pg-ghost-1' }] };
    const dir = eventsDir({
      'a-bare-report.json': report,
      'b-sqs-batch.json': { Records: [{ messageId: 'm-1', receiptHandle: 'r', body: JSON.stringify({ ...report, at: '2026-11-22T10:40:30Z' }), attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:heartbeats', awsRegion: 'us-east-1' }] },
      'c-instance-heartbeat.json': fleetEvent('Instance Heartbeat', { instanceId: 'pg-ghost-2', at: '2026-11-22T10:41:00Z' }),
    });
    const { code, out } = await sut.warden('replay', dir, '--json');
    expect(code).toBe(0);
    expect(lines(out).map((o) => [o.function, o.accepted, o.unknownIds])).toEqual([
      ['heartbeat', true, ['pg-ghost-1']],
      ['heartbeat', true, []],
      ['heartbeat', true, ['pg-ghost-2']],
    ]);
  });

  it('answers every real published payload: alarms accepted, everything else rejected with a named error', async () => {
    const { code, out } = await quietly(() => sut.warden('replay', SAMPLES_DIR, '--json'));
    expect(code).toBe(1);
    const outcomes = lines(out);
    expect(outcomes).toHaveLength(readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.json')).length);
    for (const outcome of outcomes) {
      const name = outcome.file.split('/').at(-1) ?? '';
      if (outcome.accepted) {
        expect(name, `${name} is an alarm`).toMatch(/^(cloudwatch-alarm-(state-change|lambda-action)|sns-cloudwatch-alarm)/);
        expect(outcome.function).toBe('alarmIntake');
      } else {
        expect(outcome.error, name).toMatch(/^(UnsupportedEventError|ValidationError): /);
      }
    }
    const byName = (name: string) => outcomes.find((o) => o.file.endsWith(name));
    expect(byName('eventbridge-scheduled-event-eventbridge-docs.json')).toMatchObject({
      accepted: false, function: null, error: 'UnsupportedEventError: unsupported event: no function subscribes to "Scheduled Event" from aws.events',
    });
    expect(byName('cloudwatch-alarm-HYBRID-eventbridge-envelope-with-alarmData-rust.json')).toMatchObject({ accepted: false, function: 'alarmIntake', error: expect.stringMatching(/^ValidationError: .*detail: missing/) as unknown });
    expect(byName('sqs-event-standard-lambda-docs.json')?.error).toContain('is not a cell heartbeat');
    expect(byName('cloudwatch-alarm-lambda-action-metric-alarm.json')).toMatchObject({ accepted: true, unmatched: true, unknownIds: ['i-12345678'] });
  });

  it('prints one readable line per event, and refuses what is not there or a deployed stage', async () => {
    const { code, out } = await sut.warden('replay', 'events/alarm-disk-full-eventbridge.json');
    expect(code).toBe(0);
    expect(out).toBe('accepted  events/alarm-disk-full-eventbridge.json  alarmIntake  disk-full (raise) -> pg-00001-1');
    expect((await quietly(() => sut.warden('replay', 'events/no-such-file.json'))).code).toBe(2);
    expect((await quietly(() => sut.warden('replay', 'events', '--stage', 'prod'))).code).toBe(2);
  });
});
