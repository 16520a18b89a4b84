/**
 * The heartbeat consumers' intake mark: how far processing has got, measured by the SQS send time of the reports
 * processed (shared/domain/observer/watermark.ts says how the sweeper uses it). Cheap: a consumer container records
 * the oldest first-delivery report it processed at most once per `everySeconds`, in one conditional write.
 */
import type { ObserverConfig } from '../domain/observer/hold.ts';
import type { IntakeMark, ObserverGap } from '../domain/observer/watermark.ts';
import type { IntakePort } from './detection/ports.ts';

/** One processed report: when SQS (or the bus) received it, and which delivery this was. */
export interface Delivery {
  sentAt: string;
  attempt: number;
}

export interface IntakeDeps {
  observer: IntakePort;
  intakeMeter: IntakeMeter;
  /** A frontier jump longer than its lag bound is recorded as a gap. */
  observerConfig: Pick<ObserverConfig, 'lagSeconds'>;
}

/**
 * The oldest first delivery processed since the last write, per container. Redeliveries are left out: a retried
 * report is old by design (it failed, and waited out its backoff), and counting it would make intake look behind.
 */
export class IntakeMeter {
  private oldest: number | undefined;
  private lastWrite = 0;

  constructor(private readonly everySeconds: number) {}

  observe(deliveries: readonly Delivery[]): void {
    for (const d of deliveries) {
      const sent = Date.parse(d.sentAt);
      if (d.attempt === 1 && Number.isFinite(sent)) this.oldest = Math.min(this.oldest ?? sent, sent);
    }
  }

  /** The mark to record now, if one is due; taking it starts the next period. */
  take(now: Date): IntakeMark | undefined {
    if (this.oldest === undefined || now.getTime() - this.lastWrite < this.everySeconds * 1000) return undefined;
    const mark = { frontier: new Date(Math.min(this.oldest, now.getTime())).toISOString(), processedAt: now.toISOString() };
    this.oldest = undefined;
    this.lastWrite = now.getTime();
    return mark;
  }
}

/** Records a processed batch's deliveries; returns the intake gap this revealed, if any. */
export async function recordIntake(deps: IntakeDeps, deliveries: readonly Delivery[], now: Date): Promise<ObserverGap | undefined> {
  deps.intakeMeter.observe(deliveries);
  const mark = deps.intakeMeter.take(now);
  return mark === undefined ? undefined : deps.observer.advanceIntake(mark, deps.observerConfig.lagSeconds);
}
