/** Dependencies of the remediation planner and worker, wired once per container from the environment. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ClusterQueries } from '../adapters/dynamo/cluster-queries.ts';
import { EscalationStore } from '../adapters/dynamo/escalation-store.ts';
import { LeaseStore } from '../adapters/dynamo/lease-store.ts';
import { OutcomeStore } from '../adapters/dynamo/outcome-store.ts';
import { SignalStore } from '../adapters/dynamo/signal-store.ts';
import { QueueSender } from '../adapters/sqs/queue-sender.ts';
import type { PlannerDeps, WorkerDeps } from '../usecases/remediation/deps.ts';
import type { TaskQueue } from '../usecases/remediation/ports.ts';
import { EndedTasks } from '../usecases/remediation/ended-tasks.ts';
import { FleetSizes } from '../usecases/remediation/fleet-sizes.ts';
import { documentClient, sqsClient } from './clients.ts';
import { requireEnv } from './config.ts';
import { runtimeDeps } from './deps.ts';
import { fleetProviderFromEnv } from './fleet-provider.ts';
import { MeteredFleetProvider } from './metrics.ts';
import { playbooksFromEnv, remediationSettings } from './remediation-config.ts';

let planner: PlannerDeps | undefined;
let worker: WorkerDeps | undefined;

/** The remediation queue: one message per task, `{ "taskId": ..., "continuation"?: ... }`, optionally delayed. */
export function taskQueue(sender: Pick<QueueSender, 'send'>): TaskQueue {
  return {
    send: (messages) =>
      sender.send(messages.map((m) => ({
        body: { taskId: m.taskId, ...(m.continuation === undefined ? {} : { continuation: m.continuation }) },
        ...(m.delaySeconds ? { delaySeconds: m.delaySeconds } : {}),
      }))),
  };
}

/** The stores remediation reads and writes besides the ledger's, on one table. */
export function remediationStores(doc: DynamoDBDocumentClient, table: string) {
  return {
    leases: new LeaseStore(doc, table),
    outcomes: new OutcomeStore(doc, table),
    escalations: new EscalationStore(doc, table),
    signals: new SignalStore(doc, table),
    clusters: new ClusterQueries(doc, table),
  };
}

export function plannerDeps(): PlannerDeps {
  if (planner !== undefined) return planner;
  const base = runtimeDeps();
  const table = requireEnv('TABLE_NAME');
  planner = {
    ...base,
    ...remediationStores(documentClient(), table),
    queue: taskQueue(new QueueSender(sqsClient(), requireEnv('REMEDIATION_QUEUE_URL'))),
    playbooks: playbooksFromEnv(),
    settings: remediationSettings(),
    sizes: new FleetSizes(base.queries, base.clock),
  };
  return planner;
}

export function workerDeps(): WorkerDeps {
  worker ??= { ...plannerDeps(), provider: new MeteredFleetProvider(fleetProviderFromEnv()), ended: new EndedTasks() };
  return worker;
}
