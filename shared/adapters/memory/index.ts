/**
 * The memory adapters of one world, grouped as the runtime groups their DynamoDB twins (runtime/deps.ts's
 * ledgerStores, runtime/remediation-deps.ts's remediationStores, runtime/audit-deps.ts's buildAuditDeps).
 */
import { MemoryAdvisoryStore } from './advisory-store.ts';
import { MemoryAlarmLog } from './alarm-log.ts';
import { MemoryAuditFindings } from './audit-findings.ts';
import { MemoryAuditRunStore } from './audit-run-store.ts';
import { MemoryClusterQueries } from './cluster-queries.ts';
import { MemoryConditionStore } from './condition-store.ts';
import { MemoryEscalationStore } from './escalation-store.ts';
import { MemoryFleetScanner } from './fleet-scan.ts';
import { MemoryFreezeStore } from './freeze-store.ts';
import { MemoryImageIndex } from './image-index.ts';
import { MemoryIncidentStore } from './incident-store.ts';
import { MemoryInstanceQueries } from './instance-queries.ts';
import { MemoryInstanceStore } from './instance-store.ts';
import { MemoryLeaseStore } from './lease-store.ts';
import { MemoryLivenessStore } from './liveness-store.ts';
import { MemoryObserverStore } from './observer-store.ts';
import { MemoryOperatorAuditLog } from './operator-audit-log.ts';
import { MemoryOutcomeStore } from './outcome-store.ts';
import { MemorySignalStore } from './signal-store.ts';
import type { MemoryTables } from './tables.ts';
import { MemoryTaskStore } from './task-store.ts';

export { MemoryTables } from './tables.ts';
export { MemoryBacklog, MemoryEventBus, MemoryQueue, MemorySegmentQueue } from './messaging.ts';
export type { PublicApi } from './public-api.ts';

export function memoryLedgerStores(db: MemoryTables) {
  return {
    store: new MemoryInstanceStore(db),
    liveness: new MemoryLivenessStore(db),
    queries: new MemoryInstanceQueries(db),
    tasks: new MemoryTaskStore(db),
    freezes: new MemoryFreezeStore(db),
    incidents: new MemoryIncidentStore(db),
    observer: new MemoryObserverStore(db),
    conditions: new MemoryConditionStore(db),
  };
}

export function memoryRemediationStores(db: MemoryTables) {
  return {
    leases: new MemoryLeaseStore(db),
    outcomes: new MemoryOutcomeStore(db),
    escalations: new MemoryEscalationStore(db),
    signals: new MemorySignalStore(db),
    clusters: new MemoryClusterQueries(db),
  };
}

export function memoryAuditStores(db: MemoryTables) {
  return {
    runs: new MemoryAuditRunStore(db),
    findings: new MemoryAuditFindings(db),
    scanner: new MemoryFleetScanner(db),
    advisories: new MemoryAdvisoryStore(db),
    images: new MemoryImageIndex(db),
  };
}

export const memoryAlarmLog = (db: MemoryTables) => new MemoryAlarmLog(db);
export const memoryOperatorAuditLog = (db: MemoryTables) => new MemoryOperatorAuditLog(db);
