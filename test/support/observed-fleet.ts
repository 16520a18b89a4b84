/**
 * A small fleet for the observer tests and the backlog benchmark: cells in three zones that send their reports to the stack's real heartbeat
 * queue, a heartbeat consumer that can be paused, and a sweeper that runs when told, all on one settable clock.
 * The consumer takes a report's send time from the report (the cells send at clock time); the real handler takes it
 * from SQS's SentTimestamp (deliveriesDone, tested with the published SQS samples).
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { cellReportSchema } from '../../shared/schemas/heartbeats.ts';
import { recordCellReports, type HeartbeatDeps } from '../../shared/usecases/heartbeats.ts';
import { recordIntake, type IntakeDeps } from '../../shared/usecases/intake.ts';
import { recordTransition, registerInstance } from '../../shared/usecases/ledger.ts';
import { planSweep, runSweepJob, type PlanSweepDeps } from '../../shared/usecases/sweeper.ts';
import { anInstanceSpec, system } from './factories.ts';
import type { SettableClock } from './deps.ts';

interface Queues {
  sqs: SQSClient;
  queueUrl(logicalId: string): string;
}

export const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'] as const;

export class ObservedFleet {
  /** cellId -> member ids; a member in `crashed` is left out of its cell's reports, a cell in `dark` sends nothing. */
  readonly cells = new Map<string, string[]>();
  readonly crashed = new Set<string>();
  readonly dark = new Set<string>();
  transitions: { instanceId: string; to: string }[] = [];
  /** When (clock time) each transition was made. */
  readonly transitionTimes: { instanceId: string; to: string; at: string }[] = [];

  constructor(
    private readonly stack: Queues,
    private readonly ctx: { deps: HeartbeatDeps & PlanSweepDeps & IntakeDeps },
    private readonly clock: SettableClock,
  ) {}

  /** `cellsPerZone` cells in each of three zones, `perCell` available postgres instances in each. */
  async create(cellsPerZone: number, perCell: number): Promise<void> {
    for (const zone of ZONES) {
      for (let c = 1; c <= cellsPerZone; c++) {
        const cellId = `${zone}-cell-${c}-${Math.random().toString(36).slice(2, 6)}`;
        const ids: string[] = [];
        for (let i = 0; i < perCell; i++) {
          const spec = anInstanceSpec({ cellId, zone });
          await registerInstance(this.ctx.deps, spec, { actor: system, reason: 'created', cause: { kind: 'created', id: spec.id } });
          await recordTransition(this.ctx.deps, spec.id, 'available', { actor: system, reason: 'ready', cause: { kind: 'ready', id: spec.id } });
          ids.push(spec.id);
        }
        this.cells.set(cellId, ids);
      }
    }
  }

  get instanceIds(): string[] {
    return [...this.cells.values()].flat();
  }

  /** Every cell that is not dark sends one report, at clock time, to the heartbeat queue. */
  async send(): Promise<void> {
    const at = this.clock.read().toISOString();
    const bodies = [...this.cells]
      .filter(([cellId]) => !this.dark.has(cellId))
      .map(([cellId, ids]) => ({ type: 'cell-heartbeat', cellId, at, instances: ids.filter((id) => !this.crashed.has(id)).map((id) => ({ id })) }));
    for (let i = 0; i < bodies.length; i += 10) {
      const entries = bodies.slice(i, i + 10).map((body, j) => ({ Id: String(j), MessageBody: JSON.stringify(body) }));
      await this.stack.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.stack.queueUrl('HeartbeatQueue'), Entries: entries }));
    }
  }

  /** The heartbeat consumer: drains the queue, oldest first as sent, recording each report and the intake mark. */
  async consume(): Promise<number> {
    let processed = 0;
    for (;;) {
      const out = await this.stack.sqs.send(new ReceiveMessageCommand({ QueueUrl: this.stack.queueUrl('HeartbeatQueue'), MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      const messages = out.Messages ?? [];
      if (messages.length === 0) return processed;
      const reports = messages.map((m) => cellReportSchema.parse(JSON.parse(m.Body ?? '')));
      reports.sort((a, b) => a.at.localeCompare(b.at));
      // As the heartbeat function does: the batch's steady reports paged, the others recorded one by one.
      await recordCellReports(this.ctx.deps, reports, 1);
      await this.stack.sqs.send(new DeleteMessageBatchCommand({
        QueueUrl: this.stack.queueUrl('HeartbeatQueue'),
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }));
      await recordIntake(this.ctx.deps, reports.map((r) => ({ sentAt: r.at, attempt: 1 })), this.clock.read());
      processed += messages.length;
    }
  }

  /** One scheduled sweep: plan, then run every job; transitions are collected. */
  async sweep(): Promise<Awaited<ReturnType<typeof planSweep>>> {
    const plan = await planSweep(this.ctx.deps, this.clock.read());
    for (const job of plan.jobs) {
      const { transitions } = await runSweepJob(this.ctx.deps, job, this.clock.read());
      this.transitions.push(...transitions);
      this.transitionTimes.push(...transitions.map((t) => ({ ...t, at: this.clock.read().toISOString() })));
    }
    return plan;
  }

  /** `seconds` of running: every 30 s the cells send (and the consumer drains, unless paused); every 60 s a sweep. */
  async run(seconds: number, opts: { consumer: boolean } = { consumer: true }): Promise<void> {
    for (let t = 30; t <= seconds; t += 30) await this.step(t, opts.consumer);
  }

  /** 30 s more: the cells send, the consumer drains if it runs, and the sweeper runs on every whole minute of `t`. */
  async step(t: number, consumer: boolean): Promise<void> {
    this.clock.advance(30);
    await this.send();
    if (consumer) await this.consume();
    if (t % 60 === 0) await this.sweep();
  }
}
