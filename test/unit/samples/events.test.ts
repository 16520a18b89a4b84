/** The samples in events/ are what the docs point people at: each must pass the schema of the function it is for. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reportedObservation } from '../../../shared/domain/facts.ts';
import { provisioningEvent } from '../../../shared/schemas/fleet-events.ts';
import { cellReportSchema, instanceHeartbeatEvent } from '../../../shared/schemas/heartbeats.ts';

const load = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../events/${name}`, import.meta.url), 'utf8'));

describe('the sample events', () => {
  it('heartbeat-sqs-batch.json: every record body is a valid cell report, and one reports facts', () => {
    const { Records } = load('heartbeat-sqs-batch.json') as { Records: { body: string }[] };
    const reports = Records.map((record) => cellReportSchema.parse(JSON.parse(record.body)));
    expect(reports.map((r) => r.cellId)).toEqual(['us-east-1a-cell-3', 'us-east-1b-cell-1']);
    const [entry] = reports[0]?.instances ?? [];
    const observation = entry === undefined ? undefined : reportedObservation(entry, reports[0]?.at ?? '');
    expect(Object.keys(observation?.facts ?? {}).sort()).toEqual(['backup', 'credentials', 'network', 'tls']);
  });

  it('heartbeat-single-eventbridge.json is a valid Instance Heartbeat', () => {
    expect(instanceHeartbeatEvent.safeParse(load('heartbeat-single-eventbridge.json')).success).toBe(true);
  });

  it('fleet-instance-created.json and fleet-instance-ready.json are valid provisioning events', () => {
    for (const name of ['fleet-instance-created.json', 'fleet-instance-ready.json']) {
      expect(provisioningEvent.safeParse(load(name)).error, name).toBeUndefined();
    }
  });
});
