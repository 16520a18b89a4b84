/**
 * The stores every contract suite runs against: the DynamoDB adapters on DynamoDB Local (test/integration/contract)
 * and the memory adapters (test/unit/contract). Typed by the DynamoDB adapters' public API, which is what the use
 * cases call, so a case can only use what both must offer.
 */
import type { AdvisoryStore } from '../../shared/adapters/dynamo/advisory-store.ts';
import type { Instance } from '../../shared/domain/instance.ts';
import { register, type NewInstance } from '../../shared/domain/lifecycle.ts';
import { aCause, anInstanceSpec, system } from '../support/factories.ts';
import type { AlarmLog } from '../../shared/adapters/dynamo/alarm-log.ts';
import type { AuditFindings } from '../../shared/adapters/dynamo/audit-findings.ts';
import type { AuditRunStore } from '../../shared/adapters/dynamo/audit-run-store.ts';
import type { ClusterQueries } from '../../shared/adapters/dynamo/cluster-queries.ts';
import type { ConditionStore } from '../../shared/adapters/dynamo/condition-store.ts';
import type { EscalationStore } from '../../shared/adapters/dynamo/escalation-store.ts';
import type { FleetScanner } from '../../shared/adapters/dynamo/fleet-scan.ts';
import type { FreezeStore } from '../../shared/adapters/dynamo/freeze-store.ts';
import type { ImageIndex } from '../../shared/adapters/dynamo/image-index.ts';
import type { IncidentStore } from '../../shared/adapters/dynamo/incident-store.ts';
import type { InstanceQueries } from '../../shared/adapters/dynamo/instance-queries.ts';
import type { InstanceStore } from '../../shared/adapters/dynamo/instance-store.ts';
import type { LeaseStore } from '../../shared/adapters/dynamo/lease-store.ts';
import type { LivenessStore } from '../../shared/adapters/dynamo/liveness-store.ts';
import type { ObserverStore } from '../../shared/adapters/dynamo/observer-store.ts';
import type { OperatorAuditLog } from '../../shared/adapters/dynamo/operator-audit-log.ts';
import type { OutcomeStore } from '../../shared/adapters/dynamo/outcome-store.ts';
import type { SignalStore } from '../../shared/adapters/dynamo/signal-store.ts';
import type { TaskStore } from '../../shared/adapters/dynamo/task-store.ts';
import type { PublicApi } from '../../shared/adapters/memory/public-api.ts';

export interface ContractStores {
  store: PublicApi<InstanceStore>;
  liveness: PublicApi<LivenessStore>;
  queries: PublicApi<InstanceQueries>;
  conditions: PublicApi<ConditionStore>;
  clusters: PublicApi<ClusterQueries>;
  observer: PublicApi<ObserverStore>;
  tasks: PublicApi<TaskStore>;
  leases: PublicApi<LeaseStore>;
  freezes: PublicApi<FreezeStore>;
  incidents: PublicApi<IncidentStore>;
  outcomes: PublicApi<OutcomeStore>;
  escalations: PublicApi<EscalationStore>;
  signals: PublicApi<SignalStore>;
  alarms: PublicApi<AlarmLog>;
  runs: PublicApi<AuditRunStore>;
  findings: PublicApi<AuditFindings>;
  advisories: PublicApi<AdvisoryStore>;
  images: PublicApi<ImageIndex>;
  scanner: PublicApi<FleetScanner>;
  operatorLog: PublicApi<OperatorAuditLog>;
}

/**
 * A new, empty world of stores. The suites call it once per file (a DynamoDB world is a freshly provisioned
 * table), so every case uses its own ids and reads fleet-wide figures as deltas.
 */
export type MakeStores = () => Promise<ContractStores>;

/** A short unique suffix, so cases sharing one world never touch each other's items. */
export const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

/** A new instance registered in the stores under test, as the ledger registers one (`register` at `now`). */
export async function registeredIn(s: ContractStores, now: Date, overrides: Partial<NewInstance> = {}): Promise<Instance> {
  const spec = anInstanceSpec(overrides);
  await s.store.register(register(spec, { actor: system, reason: 'created', cause: aCause('fleet') }, now));
  return s.store.get(spec.id);
}
