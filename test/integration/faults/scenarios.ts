/**
 * Scenarios for injected faults, crash points and duplicates: each delivers one event to a handler, as its trigger
 * would, with preconditions set up first (outside the observed calls), and names the one effect it must have.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { AuditRunStore } from '../../../shared/adapters/dynamo/audit-run-store.ts';
import { ledgerStores } from '../../../shared/runtime/deps.ts';
import type { FunctionKey, HandlerStack } from './handlers.ts';
import { sqsEvent } from './seeds.ts';

const load = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

export interface Effect {
  /** How many times the effect happened (1 is right; 0 is lost; more is a double effect). */
  count: number;
  what: string;
}

export interface Scenario {
  name: string;
  key: FunctionKey;
  /** Lambda's delivery: `sqs` records report failures per item; `async` invocations are retried when they throw. */
  trigger: 'sqs' | 'async';
  /** Sets up the preconditions on a fresh instance and returns the event to deliver and how to read its effect. */
  prepare(sut: HandlerStack): Promise<{ event: (receiveCount: number) => unknown; effect: () => Promise<Effect> }>;
}

let counter = 0;
const freshId = (prefix: string) => `${prefix}-f${++counter}-${randomUUID().slice(0, 6)}`;

function created(id: string) {
  const event = load('events/fleet-instance-created.json');
  const detail = event.detail as Record<string, unknown>;
  return { ...event, id: randomUUID(), time: new Date().toISOString(), detail: { ...detail, id, role: { kind: 'standalone' }, cellId: `cell-${id}` } };
}

function ready(id: string) {
  const event = load('events/fleet-instance-ready.json');
  return { ...event, id: randomUUID(), time: new Date().toISOString(), detail: { instanceId: id } };
}

async function available(sut: HandlerStack, id: string): Promise<void> {
  await sut.invoke('provisioning', created(id));
  await sut.invoke('provisioning', ready(id));
}

const stores = (sut: HandlerStack) => ledgerStores(sut.stack.doc, sut.stack.tableName);

const distinctKeys = (sut: HandlerStack, type: string, id: string, where: (d: Record<string, unknown>) => boolean = () => true) =>
  new Set(sut.published.filter((e) => e.type === type && e.detail.instanceId === id && where(e.detail)).map((e) => String(e.detail.dedupeKey))).size;

export const SCENARIOS: Scenario[] = [
  {
    name: 'fleet event (Instance Created)',
    key: 'provisioning',
    trigger: 'async',
    async prepare(sut) {
      const id = freshId('pg');
      const event = created(id);
      return {
        event: () => event,
        effect: async () => {
          const history = await stores(sut).store.history(id);
          const published = distinctKeys(sut, 'InstanceStateChanged', id);
          // Recorded once and announced: a registration without its event is lost to every consumer.
          return { count: Math.min(history.length, published === 0 ? 0 : history.length), what: `history ${history.length}, events ${published}` };
        },
      };
    },
  },
  alarmShape('alarm (Lambda action shape)', 'events/alarm-down-lambda-action.json', 'rd-00002-1'),
  {
    name: 'cell report (SQS)',
    key: 'heartbeat',
    trigger: 'sqs',
    async prepare(sut) {
      const id = freshId('pg');
      await available(sut, id);
      const at = new Date().toISOString();
      const body = { type: 'cell-heartbeat', cellId: `cell-${id}`, at, instances: [{ id, metrics: { cpuPct: 97 } }] };
      const arn = String(sut.stack.resources.HeartbeatQueue?.attrs.Arn);
      return {
        event: (receiveCount) => sqsEvent(arn, [body], receiveCount),
        effect: async () => {
          const instance = await stores(sut).store.get(id);
          const seen = instance.lastHeartbeatAt === at || instance.metrics?.at === at ? 1 : 0;
          return { count: seen, what: `lastHeartbeatAt ${instance.lastHeartbeatAt}, metrics at ${instance.metrics?.at}` };
        },
      };
    },
  },
  {
    name: 'condition to plan (ConditionRaised)',
    key: 'planner',
    trigger: 'async',
    async prepare(sut) {
      const id = freshId('rd');
      await available(sut, id);
      await sut.invoke('alarmIntake', recordedAlarm('events/alarm-down-lambda-action.json', 'rd-00002-1', id));
      const raised = sut.published.find((e) => e.type === 'ConditionRaised' && e.detail.instanceId === id);
      if (raised === undefined) throw new Error(`test setup: no ConditionRaised for ${id}`);
      const event = { version: '0', id: randomUUID(), 'detail-type': 'ConditionRaised', source: 'fleetwarden', account: '000000000000', time: new Date().toISOString(), region: 'us-east-1', resources: [], detail: raised.detail };
      return {
        event: () => event,
        effect: async () => {
          const tasks = await stores(sut).tasks.instanceTaskIds(id);
          return { count: tasks.length, what: `tasks ${tasks.length}` };
        },
      };
    },
  },
];

const audited = new WeakSet<HandlerStack>();

/**
 * An audit segment: a fresh run of one segment (the suite's stacks set AUDIT_SEGMENTS=1) over a fleet with at least
 * one available instance, and its one segment job through the audit queue. Its effect: the run counts the segment once.
 */
export const AUDIT_SCENARIO: Scenario = {
  name: 'audit segment (SQS)',
  key: 'auditShard',
  trigger: 'sqs',
  async prepare(sut) {
    if (!audited.has(sut)) {
      audited.add(sut);
      await available(sut, freshId('pg'));
    }
    const scheduled = JSON.parse(readFileSync('../shared/aws-events/eventbridge-scheduled-event-lambda-docs.json', 'utf8')) as Record<string, unknown>;
    const started = (await sut.invoke('auditStart', { ...scheduled, id: randomUUID(), time: new Date().toISOString() })) as { runId: string; segments: number };
    if (started.segments !== 1) throw new Error(`test setup: the audit stack should have one segment, not ${started.segments}`);
    const arn = String(sut.stack.resources.AuditQueue?.attrs.Arn);
    const runs = new AuditRunStore(sut.stack.doc, sut.stack.tableName);
    return {
      event: (receiveCount) => sqsEvent(arn, [{ runId: started.runId, segment: 0, totalSegments: 1 }], receiveCount),
      effect: async () => {
        const run = await runs.get(started.runId);
        const completed = sut.published.filter((e) => e.type === 'AuditCompleted' && e.detail.runId === started.runId).length > 0 ? 1 : 0;
        return { count: Math.min(run?.completedShards ?? 0, completed === 0 ? 0 : run?.completedShards ?? 0), what: `completed shards ${run?.completedShards}, AuditCompleted ${completed}, status ${run?.status}` };
      },
    };
  },
};

/** A recorded alarm of events/, renamed for `id` and dated now. */
function recordedAlarm(file: string, recordedId: string, id: string): unknown {
  const now = new Date().toISOString().slice(0, 19);
  return JSON.parse(readFileSync(file, 'utf8').replaceAll(recordedId, id).replace(/2026-11-2\dT\d\d:\d\d:\d\d/g, now));
}

function alarmShape(name: string, file: string, recordedId: string): Scenario {
  return {
    name,
    key: 'alarmIntake',
    trigger: 'async',
    async prepare(sut) {
      const id = freshId(recordedId.slice(0, 2));
      await available(sut, id);
      const event = recordedAlarm(file, recordedId, id);
      return {
        event: () => event,
        effect: async () => {
          const instance = await stores(sut).store.get(id);
          const conditions = Object.keys(instance.conditions ?? {});
          const raised = distinctKeys(sut, 'ConditionRaised', id);
          return { count: Math.min(conditions.length, raised), what: `conditions ${conditions.join(',') || 'none'}, ConditionRaised ${raised}` };
        },
      };
    },
  };
}

/** Every event kind delivered many times over: the alarms in all three shapes besides the scenarios above. */
export const DUPLICATE_SCENARIOS: Scenario[] = [
  ...SCENARIOS,
  AUDIT_SCENARIO,
  alarmShape('alarm (EventBridge shape)', 'events/alarm-disk-full-eventbridge.json', 'pg-00001-1'),
  alarmShape('alarm (SNS shape)', 'events/alarm-replication-lag-sns.json', 'pg-00001-2'),
];
