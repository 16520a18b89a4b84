/** Wires adapters from the environment, once per container. Handlers call these; tests build their own. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionStore } from '../adapters/dynamo/condition-store.ts';
import { InstanceQueries } from '../adapters/dynamo/instance-queries.ts';
import { InstanceStore } from '../adapters/dynamo/instance-store.ts';
import { LivenessStore } from '../adapters/dynamo/liveness-store.ts';
import { ObserverStore } from '../adapters/dynamo/observer-store.ts';
import { FreezeStore } from '../adapters/dynamo/freeze-store.ts';
import { IncidentStore } from '../adapters/dynamo/incident-store.ts';
import { TaskStore } from '../adapters/dynamo/task-store.ts';
import { EventBridgePublisher } from '../adapters/events/event-bus.ts';
import type { ConditionDeps } from '../usecases/conditions.ts';
import { documentClient, eventBridgeClient } from './clients.ts';
import { systemClock } from '../domain/clock.ts';
import { requireEnv } from './config.ts';
import { MeteredPublisher } from './metrics.ts';

/** The ports as the concrete adapters that serve them: the operator's commands and tests use their wider APIs. */
export interface RuntimeDeps extends ConditionDeps {
  store: InstanceStore;
  liveness: LivenessStore;
  conditions: ConditionStore;
  queries: InstanceQueries;
  /** Remediation tasks, freezes and incidents (warden tasks, freeze, incidents). */
  tasks: TaskStore;
  freezes: FreezeStore;
  incidents: IncidentStore;
  /** Detection's view of itself: intake mark, gaps, holds (warden status shows it). */
  observer: ObserverStore;
}

let deps: RuntimeDeps | undefined;

/** The stores every function shares, on one table. */
export function ledgerStores(doc: DynamoDBDocumentClient, table: string): Omit<RuntimeDeps, 'events' | 'clock'> {
  return {
    store: new InstanceStore(doc, table),
    liveness: new LivenessStore(doc, table),
    queries: new InstanceQueries(doc, table),
    tasks: new TaskStore(doc, table),
    freezes: new FreezeStore(doc, table),
    incidents: new IncidentStore(doc, table),
    observer: new ObserverStore(doc, table),
    conditions: new ConditionStore(doc, table),
  };
}

export function runtimeDeps(): RuntimeDeps {
  if (deps !== undefined) return deps;
  deps = {
    ...ledgerStores(documentClient(), requireEnv('TABLE_NAME')),
    events: new MeteredPublisher(new EventBridgePublisher(eventBridgeClient(), requireEnv('FLEET_BUS_NAME'))),
    clock: systemClock,
  };
  return deps;
}
