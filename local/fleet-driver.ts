/**
 * Drives the simulated fleet against the local stack the way a real control plane, its cell agents and
 * CloudWatch would, all through the real AWS SDK pointed at the local endpoints:
 * - the control plane announces instances on the fleet bus (Instance Created, then Instance Ready), including
 *   the ones remediation creates by replacement;
 * - every cell agent sends one heartbeat message per interval to the heartbeat queue;
 * - faults happen over time (seeded): crashes, network blips, full disks, replicas falling behind. A full disk
 *   reaches Fleetwarden as a CloudWatch "Alarm State Change" event on the default bus, shaped like the real one;
 *   a replica's lag only through its cell's reports (metrics and facts), which the next audit judges.
 */
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { toInstanceSpec, type SimulatedFleet, type SimulatedInstance } from '../sim/index.ts';
import { QueueSender } from '../shared/adapters/sqs/queue-sender.ts';
import { FLEET_SOURCE } from '../shared/schemas/fleet-events.ts';
import { createPrng, type Prng } from '../sim/prng.ts';

export interface DriverOptions {
  fleet: SimulatedFleet;
  events: EventBridgeClient;
  sqs: SQSClient;
  busName: string;
  heartbeatQueueUrl: string;
  seed: number;
  log: (line: string) => void;
}

export interface FaultCounts {
  crashed: number;
  blips: number;
  diskAlarms: number;
  laggingReplicas: number;
}

export class FleetDriver {
  readonly faults: FaultCounts = { crashed: 0, blips: 0, diskAlarms: 0, laggingReplicas: 0 };
  /** Every instance a fault was injected into, and which: the end summary explains what is not available by these. */
  readonly victims = new Map<string, keyof FaultCounts>();
  private readonly announced = new Set<string>();
  private readonly heartbeats: QueueSender;
  private readonly prng: Prng;

  constructor(private readonly opts: DriverOptions) {
    this.heartbeats = new QueueSender(opts.sqs, opts.heartbeatQueueUrl);
    this.prng = createPrng(opts.seed);
  }

  /** Registers every simulated instance not yet announced (new ones come from replacements), then reports it ready. */
  async announce(): Promise<number> {
    const fresh = this.opts.fleet.instances().filter((i) => i.running && !this.announced.has(i.id));
    if (fresh.length === 0) return 0;
    await this.put(fresh.map((i) => this.entry(this.opts.busName, FLEET_SOURCE, 'Instance Created', toInstanceSpec(i))));
    await this.put(fresh.map((i) => this.entry(this.opts.busName, FLEET_SOURCE, 'Instance Ready', { instanceId: i.id })));
    for (const i of fresh) this.announced.add(i.id);
    return fresh.length;
  }

  /** One heartbeat message per live cell. */
  async beat(): Promise<number> {
    const reports = this.opts.fleet.heartbeats();
    await this.heartbeats.send(reports.map((r) => ({ body: { type: 'cell-heartbeat', ...r } })));
    return reports.length;
  }

  /** One random fault: mostly crashes and network blips (silence), sometimes a full disk (an alarm) or a lagging replica. */
  async injectFault(): Promise<void> {
    const candidates = this.opts.fleet.instances().filter((i) => i.running && i.healthy && i.reachable);
    const victim = candidates[this.prng.int(0, candidates.length - 1)];
    if (victim === undefined) return;
    const roll = this.prng.int(1, 10);
    if (roll <= 4) {
      this.opts.fleet.crash(victim.id);
      this.faults.crashed += 1;
      this.victims.set(victim.id, 'crashed');
      this.opts.log(`fault: ${victim.id} crashed (it will fall silent)`);
    } else if (roll <= 7) {
      this.opts.fleet.silence(victim.id);
      this.faults.blips += 1;
      this.victims.set(victim.id, 'blips');
      this.opts.log(`fault: ${victim.id} lost its network for 20 s`);
      setTimeout(() => this.opts.fleet.resume(victim.id), 20_000).unref();
    } else if (roll <= 9) {
      this.opts.fleet.fillDisk(victim.id);
      this.faults.diskAlarms += 1;
      this.victims.set(victim.id, 'diskAlarms');
      this.opts.log(`fault: ${victim.id} filled its disk; CloudWatch alarm fw/${victim.id}/disk-full goes to ALARM`);
      const alarmArn = `arn:aws:cloudwatch:${victim.region}:000000000000:alarm:fw/${victim.id}/disk-full`;
      await this.put([{ ...this.entry('default', 'aws.cloudwatch', 'CloudWatch Alarm State Change', diskAlarm(victim.id, victim.region)), Resources: [alarmArn] }]);
    } else {
      this.lagReplica(candidates.filter((i) => i.role.kind === 'replica'));
    }
  }

  private lagReplica(replicas: readonly SimulatedInstance[]): void {
    const replica = replicas[this.prng.int(0, replicas.length - 1)];
    if (replica === undefined) return;
    const lagSeconds = this.prng.int(60, 900);
    this.opts.fleet.lagReplica(replica.id, lagSeconds);
    this.faults.laggingReplicas += 1;
    this.victims.set(replica.id, 'laggingReplicas');
    this.opts.log(`fault: ${replica.id} fell ${lagSeconds} s behind its primary (its cell reports the lag; the next audit finds it)`);
  }

  private entry(bus: string, source: string, detailType: string, detail: unknown): PutEventsRequestEntry {
    return { EventBusName: bus, Source: source, DetailType: detailType, Detail: JSON.stringify(detail) };
  }

  private async put(entries: PutEventsRequestEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 10) {
      const out = await this.opts.events.send(new PutEventsCommand({ Entries: entries.slice(i, i + 10) }));
      if (out.FailedEntryCount) throw new Error(`the bus refused ${out.FailedEntryCount} event(s)`);
    }
  }
}

/** The `detail` of a real CloudWatch "Alarm State Change" event for a disk alarm on one instance. */
function diskAlarm(instanceId: string, region: string): Record<string, unknown> {
  const now = new Date().toISOString().replace('Z', '+0000');
  const alarmName = `fw/${instanceId}/disk-full`;
  return {
    alarmName,
    state: {
      value: 'ALARM',
      reason: 'Threshold Crossed: 1 datapoint [97.0] was greater than the threshold (90.0).',
      reasonData: JSON.stringify({ version: '1.0', queryDate: now, statistic: 'Maximum', period: 60, recentDatapoints: [97.0], threshold: 90.0 }),
      timestamp: now,
    },
    previousState: { value: 'OK', reason: 'Threshold Crossed', timestamp: now },
    configuration: {
      description: `Disk usage of ${instanceId}`,
      metrics: [{
        id: 'm1',
        metricStat: { metric: { namespace: 'Fleetwarden/Instances', name: 'DiskUsedPercent', dimensions: { FleetwardenInstanceId: instanceId } }, period: 60, stat: 'Maximum' },
        returnData: true,
      }],
    },
    region,
  };
}
