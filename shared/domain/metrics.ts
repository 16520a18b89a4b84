/**
 * The metrics Fleetwarden emits (CloudWatch, namespace Fleetwarden, as Embedded Metric Format), and which
 * domain facts they come from. Pure: the runtime buffers these points and flushes them per invocation.
 */
import type { DomainEvent } from './events.ts';

export type MetricUnit = 'Count' | 'Seconds' | 'Percent';

export interface MetricPoint {
  name: MetricName;
  unit: MetricUnit;
  value: number;
  /** At most one dimension per point, so the dashboard can sum by it (and "by nothing" is the total). */
  dimensions: Record<string, string>;
}

/** Every metric name, for the dashboard and its test. */
export const METRICS = {
  transitions: 'Transitions',
  conditionsRaised: 'ConditionsRaised',
  tasksEnded: 'RemediationTasksEnded',
  fleetActions: 'FleetActions',
  pages: 'Pages',
  detectionLatency: 'DetectionLatency',
  ingestionLag: 'IngestionLag',
  auditPassRate: 'AuditPassRate',
} as const;
export type MetricName = (typeof METRICS)[keyof typeof METRICS];

const count = (name: MetricName, dimensions: Record<string, string>): MetricPoint => ({ name, unit: 'Count', value: 1, dimensions });
const seconds = (from: string, to: string | Date) => (new Date(to).getTime() - Date.parse(from)) / 1000;

/** Events that reach the alerts topic (serverless.yml's alert rules), by the kind of page. */
const PAGED: Readonly<Record<string, string>> = { BreakGlassUsed: 'break-glass', FreezeCreated: 'freeze', IncidentReleased: 'incident-release' };

/**
 * What one published event counts for:
 * - `InstanceStateChanged`: a transition, by target state (`ToState`);
 * - `ConditionRaised`: a condition, by kind (`Condition`), and the detection latency where it can be told:
 *   from the last heartbeat to the sweeper's `down`, or from an alarm's state change to its condition being raised;
 * - `RemediationSucceeded` / `RemediationFailed`: a task ended, by outcome (`Outcome`: succeeded, escalated, failed);
 * - `EscalationRaised`: a page, by kind (`Kind`: instance, incident, breaker, detection), and the break-glass pages;
 * - `AuditCompleted`: the run's pass rate.
 */
export function metricsOf(event: DomainEvent, now: Date): MetricPoint[] {
  const d = event.detail;
  switch (event.type) {
    case 'InstanceStateChanged':
      return [count(METRICS.transitions, { ToState: String(d.to) })];
    case 'ConditionRaised': {
      const points = [count(METRICS.conditionsRaised, { Condition: String(d.condition) })];
      const latency = detectionLatencySeconds(d, now);
      if (latency !== undefined) points.push({ name: METRICS.detectionLatency, unit: 'Seconds', value: latency, dimensions: { Source: String(d.source).startsWith('arn:') ? 'alarm' : 'sweeper' } });
      return points;
    }
    case 'RemediationSucceeded':
      return [count(METRICS.tasksEnded, { Outcome: 'succeeded' })];
    case 'RemediationFailed':
      return [count(METRICS.tasksEnded, { Outcome: String(d.status) })];
    case 'EscalationRaised':
      return [count(METRICS.pages, { Kind: String(d.kind) })];
    case 'AuditCompleted':
      return [{ name: METRICS.auditPassRate, unit: 'Percent', value: Number(d.passRatePct), dimensions: {} }];
    default:
      return PAGED[event.type] === undefined ? [] : [count(METRICS.pages, { Kind: PAGED[event.type] as string })];
  }
}

function detectionLatencySeconds(d: Record<string, unknown>, now: Date): number | undefined {
  if (d.dryRun === true || typeof d.raisedAt !== 'string') return undefined;
  if (d.source === 'sweeper') {
    const last = /no heartbeat since (\S+)/.exec(String(d.evidence ?? ''))?.[1];
    const value = last === undefined ? NaN : seconds(last, d.raisedAt);
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  }
  if (String(d.source).startsWith('arn:aws:cloudwatch:')) {
    const value = seconds(d.raisedAt, now);
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  }
  return undefined;
}

/** A fleet action performed (or sent to be performed), by kind. */
export function fleetActionMetric(kind: string): MetricPoint {
  return count(METRICS.fleetActions, { Kind: kind });
}

/** How far behind the heartbeat intake is: from the oldest report in a processed period to its processing. */
export function ingestionLagMetric(mark: { frontier: string; processedAt: string }): MetricPoint | undefined {
  const value = seconds(mark.frontier, mark.processedAt);
  return Number.isFinite(value) ? { name: METRICS.ingestionLag, unit: 'Seconds', value: Math.max(0, value), dimensions: {} } : undefined;
}
