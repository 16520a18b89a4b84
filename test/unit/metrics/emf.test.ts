import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditCompleted, conditionRaised, escalationRaised, instanceStateChanged, remediationFailed, remediationSucceeded } from '../../../shared/domain/events.ts';
import { fleetActionMetric, ingestionLagMetric, METRICS, metricsOf } from '../../../shared/domain/metrics.ts';
import { flushMetrics, MeteredFleetProvider, MeteredIntakeMeter, MeteredPublisher, recordMetrics } from '../../../shared/runtime/metrics.ts';

const NOW = new Date('2026-12-06T08:00:00.000Z');
const placed = { id: 'pg-1', service: 'postgres' as const, zone: 'us-east-1a', region: 'us-east-1' };
const facts = { taskId: 't1', instanceId: 'pg-1', service: 'postgres', region: 'us-east-1', zone: 'us-east-1a', condition: 'down', playbook: 'down', at: NOW.toISOString() };

/** The EMF lines Powertools writes to stdout, parsed. */
function emitted(): Record<string, any>[] {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
  flushMetrics();
  write.mockRestore();
  return lines.flatMap((l) => l.split('\n')).filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, any>);
}

beforeEach(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.stubEnv('POWERTOOLS_DEV', '');
  emitted(); // nothing left over from another test
});
afterEach(() => vi.unstubAllEnvs());

describe('what each domain fact counts for', () => {
  it('maps events to metrics with one dimension each', () => {
    const entry = { instanceId: 'pg-1', version: 3, from: 'available', to: 'retiring', at: NOW.toISOString(), actor: { kind: 'engineer', id: 'a' }, reason: 'r', cause: { kind: 'command', id: 'c' } } as const;
    expect(metricsOf(instanceStateChanged(placed, entry as never), NOW)).toEqual([{ name: 'Transitions', unit: 'Count', value: 1, dimensions: { ToState: 'retiring' } }]);
    expect(metricsOf(conditionRaised(placed, 'down', { raisedAt: '2026-12-06T07:59:00.000Z', source: 'sweeper', evidence: 'no heartbeat since 2026-12-06T07:57:30.000Z' }), NOW)).toEqual([
      { name: 'ConditionsRaised', unit: 'Count', value: 1, dimensions: { Condition: 'down' } },
      { name: 'DetectionLatency', unit: 'Seconds', value: 90, dimensions: { Source: 'sweeper' } },
    ]);
    expect(metricsOf(conditionRaised(placed, 'disk-full', { raisedAt: '2026-12-06T07:59:48.000Z', source: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:disk' }), NOW)[1])
      .toEqual({ name: 'DetectionLatency', unit: 'Seconds', value: 12, dimensions: { Source: 'alarm' } });
    expect(metricsOf(conditionRaised(placed, 'backup-stale', { raisedAt: NOW.toISOString(), source: 'run-1' }), NOW)).toHaveLength(1);
    expect(metricsOf(remediationSucceeded({ ...facts, step: 'restart', result: 'ok', tried: [], durationMs: 1 }), NOW)).toEqual([{ name: 'RemediationTasksEnded', unit: 'Count', value: 1, dimensions: { Outcome: 'succeeded' } }]);
    expect(metricsOf(remediationFailed({ ...facts, status: 'escalated', reason: 'x', tried: [], durationMs: 1 }), NOW)[0]?.dimensions).toEqual({ Outcome: 'escalated' });
    expect(metricsOf(escalationRaised({ kind: 'breaker', severity: 'critical', summary: 's', playbook: 'down', at: NOW.toISOString() }, 'k'), NOW)).toEqual([{ name: 'Pages', unit: 'Count', value: 1, dimensions: { Kind: 'breaker' } }]);
    expect(metricsOf({ type: 'BreakGlassUsed', dedupeKey: 'b', detail: {} }, NOW)).toEqual([{ name: 'Pages', unit: 'Count', value: 1, dimensions: { Kind: 'break-glass' } }]);
    expect(metricsOf(auditCompleted({ runId: 'r', startedAt: '', finishedAt: '', instancesAudited: 10, instancesPassing: 9, passRatePct: 90, findings: 1, urgentInstances: 0, conditionsRaised: 1, bySeverity: {} }), NOW))
      .toEqual([{ name: 'AuditPassRate', unit: 'Percent', value: 90, dimensions: {} }]);
    expect(metricsOf({ type: 'ConditionCleared', dedupeKey: 'c', detail: {} }, NOW)).toEqual([]);
    expect(fleetActionMetric('restart')).toEqual({ name: 'FleetActions', unit: 'Count', value: 1, dimensions: { Kind: 'restart' } });
    expect(ingestionLagMetric({ frontier: '2026-12-06T07:59:40.000Z', processedAt: NOW.toISOString() })).toEqual({ name: 'IngestionLag', unit: 'Seconds', value: 20, dimensions: {} });
  });
});

describe('the EMF lines', () => {
  it('writes one line per dimension set in namespace Fleetwarden, counts summed, latencies as values', () => {
    recordMetrics([fleetActionMetric('restart'), fleetActionMetric('restart'), fleetActionMetric('replace')]);
    const lines = emitted();
    expect(lines).toHaveLength(2);
    const restart = lines.find((l) => l.Kind === 'restart');
    expect(restart).toEqual({
      _aws: { Timestamp: expect.any(Number), CloudWatchMetrics: [{ Namespace: 'Fleetwarden', Dimensions: [['service', 'Kind']], Metrics: [{ Name: 'FleetActions', Unit: 'Count' }] }] },
      service: 'fleetwarden',
      Kind: 'restart',
      FleetActions: 2,
    });
    expect(lines.find((l) => l.Kind === 'replace')?.FleetActions).toBe(1);
    recordMetrics([{ name: 'DetectionLatency', unit: 'Seconds', value: 12, dimensions: { Source: 'alarm' } }, { name: 'DetectionLatency', unit: 'Seconds', value: 30, dimensions: { Source: 'alarm' } }]);
    const [latency] = emitted();
    expect(latency).toMatchObject({ Source: 'alarm', DetectionLatency: [12, 30], _aws: { CloudWatchMetrics: [{ Metrics: [{ Name: 'DetectionLatency', Unit: 'Seconds' }] }] } });
  });

  it('writes nothing when there is nothing, or when metrics are disabled', () => {
    expect(emitted()).toEqual([]);
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    recordMetrics([fleetActionMetric('restart')]);
    expect(emitted()).toEqual([]);
  });

  it('counts through the decorated ports: events published, actions accepted, intake marks taken', async () => {
    const publisher = new MeteredPublisher({ publish: async () => undefined }, () => NOW);
    await publisher.publish([escalationRaised({ kind: 'breaker', severity: 'critical', summary: 's', playbook: 'down', at: NOW.toISOString() }, 'k')]);
    const failing = new MeteredPublisher({ publish: async () => { throw new Error('bus down'); } });
    await expect(failing.publish([escalationRaised({ kind: 'incident', severity: 'critical', summary: 's', incidentId: 'i', scope: {}, failed: 1, population: 2, windowStart: '', at: '' }, 'k')])).rejects.toThrow('bus down');
    const provider = new MeteredFleetProvider({ name: 'x', perform: async () => ({ accepted: true }) as never, probe: async () => ({}) as never });
    await provider.perform({ kind: 'restart', instanceId: 'pg-1', idempotencyKey: 'k' });
    const meter = new MeteredIntakeMeter(0);
    meter.observe([{ sentAt: '2026-12-06T07:59:55.000Z', attempt: 1 }]);
    meter.take(NOW);
    const lines = emitted();
    expect(lines.map((l) => Object.keys(l).filter((k) => Object.values(METRICS).includes(k as never)).map((k) => `${k}=${JSON.stringify(l[k])}`)).flat().sort())
      .toEqual(['FleetActions=1', 'IngestionLag=5', 'Pages=1']);
  });
});
