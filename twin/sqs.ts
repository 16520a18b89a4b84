/**
 * A standard SQS queue as the functions see it: at-least-once delivery (a message may be delivered twice), a
 * visibility timeout, the receive count, delays, and a redrive policy that moves a message received too often to
 * its dead-letter queue. Messages a handler dead-letters itself carry their reason as attributes, as in AWS.
 */
import { MinHeap } from './heap.ts';
import type { Random } from './random.ts';

export interface SimMessage {
  messageId: string;
  body: string;
  sentAtMs: number;
  firstReceivedAtMs?: number;
  receiveCount: number;
  attributes: Record<string, string>;
  /** Bumped on every receive; a receipt handle names one receive. */
  receipt: number;
}

export interface QueueOptions {
  visibilitySeconds: number;
  /** The redrive policy's maxReceiveCount; without a dead-letter queue, messages stay until retention ends. */
  maxReceiveCount?: number;
  deadLetter?: SimQueue;
  /** Probability that a send is delivered twice (standard queues are at-least-once). */
  duplicateRate?: number;
  random?: Random;
}

interface Slot {
  message: SimMessage;
  /** Which heap entry is this slot's current one (older entries are skipped). */
  generation: number;
}

export class SimQueue {
  private readonly slots = new Map<string, Slot>();
  private readonly byVisibility = new MinHeap<{ id: string; generation: number }>();
  private generation = 0;
  private nextId = 0;
  /** Requests made to this queue, by action (what the bill counts). */
  readonly requests = { send: 0, receive: 0, delete: 0, changeVisibility: 0 };
  /** Messages the redrive policy moved to the dead-letter queue. */
  redriven = 0;
  duplicatesDelivered = 0;

  /** Told when a message is stored, with the instant it becomes visible (a consumer's long poll wakes). */
  private readonly listeners: ((visibleAtMs: number) => void)[] = [];

  constructor(readonly name: string, private readonly options: QueueOptions) {}

  onMessage(listener: (visibleAtMs: number) => void): void {
    this.listeners.push(listener);
  }

  get depth(): number {
    return this.slots.size;
  }

  send(body: string, nowMs: number, delaySeconds = 0, attributes: Record<string, string> = {}): string {
    this.requests.send += 1;
    const messageId = `${this.name}-${this.nextId++}`;
    this.put({ messageId, body, sentAtMs: nowMs, receiveCount: 0, attributes, receipt: 0 }, nowMs + delaySeconds * 1000);
    if (this.options.random?.chance(this.options.duplicateRate ?? 0)) {
      // The same message stored twice by SQS: same id and body, delivered independently.
      this.duplicatesDelivered += 1;
      this.put({ messageId, body, sentAtMs: nowMs, receiveCount: 0, attributes, receipt: 0 }, nowMs + delaySeconds * 1000, `${messageId}#dup`);
    }
    return messageId;
  }

  /** The earliest instant a message becomes visible, if any is stored. */
  nextVisibleAt(): number | undefined {
    this.dropStale();
    return this.byVisibility.peekKey();
  }

  /** Up to `max` visible messages; each becomes invisible for the visibility timeout and counts a receive. */
  receive(max: number, nowMs: number): { handle: string; message: SimMessage }[] {
    this.requests.receive += 1;
    const out: { handle: string; message: SimMessage }[] = [];
    while (out.length < max) {
      this.dropStale();
      const next = this.byVisibility.peekKey();
      if (next === undefined || next > nowMs) break;
      const { id } = this.byVisibility.pop()!;
      const slot = this.slots.get(id)!;
      const { message } = slot;
      if (this.options.maxReceiveCount !== undefined && message.receiveCount >= this.options.maxReceiveCount && this.options.deadLetter) {
        this.slots.delete(id);
        this.redriven += 1;
        this.options.deadLetter.send(message.body, nowMs, 0, { ...message.attributes, reason: 'maxReceiveCount exceeded', sourceQueue: this.name });
        continue;
      }
      message.receiveCount += 1;
      message.receipt += 1;
      message.firstReceivedAtMs ??= nowMs;
      this.put(message, nowMs + this.options.visibilitySeconds * 1000, id);
      out.push({ handle: `${id}@${message.receipt}`, message: { ...message, attributes: { ...message.attributes } } });
    }
    return out;
  }

  /** Deletes by receipt handle; a stale handle (the message was received again since) deletes nothing, as in SQS. */
  delete(handle: string): boolean {
    this.requests.delete += 1;
    const current = this.current(handle);
    if (current === undefined) return false;
    this.slots.delete(current.id);
    return true;
  }

  changeVisibility(handle: string, seconds: number, nowMs: number): void {
    this.requests.changeVisibility += 1;
    const current = this.current(handle);
    if (current !== undefined) this.put(current.slot.message, nowMs + seconds * 1000, current.id);
  }

  /** Every stored message (for the end-of-scenario accounting: the dead-letter queue's contents and reasons). */
  messages(): SimMessage[] {
    return [...this.slots.values()].map((slot) => slot.message);
  }

  /** The slot a receipt handle (`<slot id>@<receipt>`) names, if that receive is still the latest. */
  private current(handle: string): { id: string; slot: Slot } | undefined {
    const at = handle.lastIndexOf('@');
    const id = handle.slice(0, at);
    const slot = this.slots.get(id);
    return slot !== undefined && String(slot.message.receipt) === handle.slice(at + 1) ? { id, slot } : undefined;
  }

  private put(message: SimMessage, visibleAtMs: number, id = message.messageId): void {
    const generation = ++this.generation;
    this.slots.set(id, { message, generation });
    this.byVisibility.push(visibleAtMs, { id, generation });
    for (const listener of this.listeners) listener(visibleAtMs);
  }

  /** Heap entries outlived by a later visibility change or a delete are skipped lazily. */
  private dropStale(): void {
    for (let entry = this.byVisibility.peek(); entry !== undefined; entry = this.byVisibility.peek()) {
      const slot = this.slots.get(entry.id);
      if (slot !== undefined && slot.generation === entry.generation) return;
      this.byVisibility.pop();
    }
  }
}
