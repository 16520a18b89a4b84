/**
 * Fleetwarden's CloudWatch metrics through Powertools Metrics, as Embedded Metric Format lines on stdout (CloudWatch
 * Logs turns them into metrics; no PutMetricData call). Points are buffered during an invocation and flushed once
 * at its end by the handler middleware: one EMF line per dimension set, counts summed.
 * POWERTOOLS_METRICS_DISABLED=true silences them (the tests; `npm start` below --log-level INFO).
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventPublisher } from '../usecases/ledger/ports.ts';
import type { DomainEvent } from '../domain/events.ts';
import type { ActionReceipt, FleetAction, FleetProvider, HealthProbe } from '../domain/fleet.ts';
import { fleetActionMetric, ingestionLagMetric, metricsOf, type MetricPoint } from '../domain/metrics.ts';
import { IntakeMeter } from '../usecases/intake.ts';
import type { IntakeMark } from '../domain/observer/watermark.ts';

export const METRICS_NAMESPACE = 'Fleetwarden';

const UNITS = { Count: MetricUnit.Count, Seconds: MetricUnit.Seconds, Percent: MetricUnit.Percent } as const;

/** Points recorded since the last flush. */
const buffer: MetricPoint[] = [];

export function recordMetrics(points: readonly MetricPoint[]): void {
  buffer.push(...points);
}

/** Writes the buffered points as EMF, one line per dimension set; counts of one name and set are summed. */
export function flushMetrics(): void {
  if (buffer.length === 0) return;
  const groups = new Map<string, { dimensions: Record<string, string>; points: MetricPoint[] }>();
  for (const point of buffer.splice(0)) {
    const key = JSON.stringify(Object.entries(point.dimensions).sort());
    const group = groups.get(key) ?? { dimensions: point.dimensions, points: [] };
    group.points.push(point);
    groups.set(key, group);
  }
  for (const { dimensions, points } of groups.values()) {
    const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE, serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'fleetwarden' });
    for (const [name, value] of Object.entries(dimensions)) metrics.addDimension(name, value);
    const sums = new Map<string, number>();
    for (const p of points) {
      if (p.unit === 'Count') sums.set(p.name, (sums.get(p.name) ?? 0) + p.value);
      else metrics.addMetric(p.name, UNITS[p.unit], p.value);
    }
    for (const [name, value] of sums) metrics.addMetric(name, MetricUnit.Count, value);
    metrics.publishStoredMetrics();
  }
}

/** The bus publisher, counting what each published event stands for (shared/domain/metrics.ts). */
export class MeteredPublisher implements EventPublisher {
  constructor(
    private readonly inner: EventPublisher,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async publish(events: DomainEvent[]): Promise<void> {
    await this.inner.publish(events);
    const now = this.clock();
    recordMetrics(events.flatMap((e) => metricsOf(e, now)));
  }
}

/** The fleet provider, counting the actions it accepted by kind. */
export class MeteredFleetProvider implements FleetProvider {
  constructor(private readonly inner: FleetProvider) {}

  get name(): string {
    return this.inner.name;
  }

  async perform(action: FleetAction): Promise<ActionReceipt> {
    const receipt = await this.inner.perform(action);
    recordMetrics([fleetActionMetric(action.kind)]);
    return receipt;
  }

  probe(instanceId: string): Promise<HealthProbe> {
    return this.inner.probe(instanceId);
  }
}

/** The heartbeat intake meter, recording the ingestion lag of each mark it takes. */
export class MeteredIntakeMeter extends IntakeMeter {
  override take(now: Date): IntakeMark | undefined {
    const mark = super.take(now);
    const point = mark === undefined ? undefined : ingestionLagMetric(mark);
    if (point !== undefined) recordMetrics([point]);
    return mark;
  }
}
