/**
 * Simulated time: a discrete-event loop. Everything the twin does is an event at a simulated instant; the clock
 * jumps from one to the next, so six hours of an outage take as long as the work in them, not six hours.
 *
 * An event's work runs to completion before the next event starts (awaited, however many awaits it makes), which
 * is the model of an invocation: atomic in simulated time. What overlaps in the twin is what overlaps in the cloud
 * at the level the invariants care about: deliveries, duplicates, retries and concurrency slots held for a
 * modelled duration (twin/lambda.ts), not the interleaving of two invocations' individual requests.
 */
import { MinHeap } from './heap.ts';

export type Work = () => void | Promise<void>;

export class Simulation {
  private readonly agenda = new MinHeap<Work>();
  private nowMs: number;
  private ran = 0;

  constructor(readonly startMs: number) {
    this.nowMs = startMs;
  }

  /** The simulated clock, in the shape the use cases take (`Clock`). */
  readonly clock = (): Date => new Date(this.nowMs);

  now(): number {
    return this.nowMs;
  }

  /** Milliseconds of simulated time since the start. */
  elapsed(): number {
    return this.nowMs - this.startMs;
  }

  /** Events run so far (a measure of the twin's own work). */
  eventsRun(): number {
    return this.ran;
  }

  pending(): number {
    return this.agenda.size;
  }

  /** Schedules `work` at `atMs` (never in the past: a late event runs now). */
  at(atMs: number, work: Work): void {
    this.agenda.push(Math.max(atMs, this.nowMs), work);
  }

  after(delayMs: number, work: Work): void {
    this.at(this.nowMs + delayMs, work);
  }

  /** Runs `work` every `periodMs` from `firstMs` while `until` has not passed. */
  every(periodMs: number, firstMs: number, untilMs: number, work: Work): void {
    const tick = async () => {
      await work();
      if (this.nowMs + periodMs <= untilMs) this.at(this.nowMs + periodMs, tick);
    };
    if (firstMs <= untilMs) this.at(firstMs, tick);
  }

  /** Runs every event due up to and including `untilMs`, in time order; the clock ends at `untilMs`. */
  async runUntil(untilMs: number): Promise<void> {
    for (let next = this.agenda.peekKey(); next !== undefined && next <= untilMs; next = this.agenda.peekKey()) {
      const work = this.agenda.pop()!;
      this.nowMs = next;
      this.ran += 1;
      await work();
    }
    this.nowMs = Math.max(this.nowMs, untilMs);
  }
}
