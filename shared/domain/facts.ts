/**
 * An instance's facts: what the audit checks read of its configuration (backup, replication, TLS, credentials,
 * network). They are set at registration and kept current afterwards from two sources: the cell agent's report
 * (on the metrics-snapshot cadence) and the probe that verified a remediation step.
 *
 * The rule for every update, whatever its source: **each field given is set; every field not given is left as
 * it is.** An update never removes a fact, and a report about TLS alone cannot lose the last backup time.
 */
import type { HealthProbe } from './fleet.ts';
import type { Instance, MetricsSnapshot } from './instance.ts';

/** What a cell agent reports of an instance's configuration (the cell report's `facts`). */
export interface ReportedFacts {
  backup?: { lastSuccessAt?: string; lastRestoreTestAt?: string };
  tls?: { enforced: boolean };
  credentials?: { rotatedAt: string };
  network?: { publiclyReachable: boolean };
}

/** A change to an instance's facts, shaped like the Instance's own fields. */
export interface FactUpdate extends ReportedFacts {
  replication?: { lagSeconds?: number };
}

export type FactAspect = keyof FactUpdate;

/**
 * Every field of each aspect as the Instance has it. An update that names all of an aspect's fields may replace
 * the aspect whole (nothing is lost); one that names some must set only those.
 */
export const FACT_FIELDS: { readonly [A in FactAspect]-?: readonly (keyof NonNullable<Instance[A]>)[] } = {
  backup: ['lastSuccessAt', 'lastRestoreTestAt'],
  replication: ['lagSeconds', 'replicaCount'],
  tls: ['enforced'],
  credentials: ['rotatedAt'],
  network: ['publiclyReachable'],
};

/** One write to an instance: its new metrics snapshot (replaced whole), and its facts (merged field by field). */
export interface InstanceObservation {
  metrics?: MetricsSnapshot;
  facts: FactUpdate;
}

/** One instance's entry in a cell report, as the edge parsed it. */
export interface ReportedInstance {
  id: string;
  metrics?: Omit<MetricsSnapshot, 'at'>;
  facts?: ReportedFacts;
}

/**
 * What one cell-report entry changes on its instance, at the report's time `at`. The metrics become the snapshot;
 * the reported facts are merged; the replica lag has one home in the report, `metrics.replicationLagSeconds`, and
 * `replication.lagSeconds` follows it. Times are stored as UTC ISO strings, and a time later than the report
 * (an agent's clock running ahead) is taken as the report's time. Undefined when the entry carries nothing to write.
 *
 * @example
 *   reportedObservation({ id: 'pg-1', metrics: { replicationLagSeconds: 4 } }, '2026-11-22T10:00:00.000Z')
 *   // { metrics: { at: '2026-11-22T10:00:00.000Z', replicationLagSeconds: 4 }, facts: { replication: { lagSeconds: 4 } } }
 */
export function reportedObservation(entry: ReportedInstance, at: string): InstanceObservation | undefined {
  const facts = reportedFacts(entry.facts ?? {}, at);
  const lag = entry.metrics?.replicationLagSeconds;
  if (lag !== undefined) facts.replication = { lagSeconds: lag };
  if (entry.metrics === undefined && !hasFacts(facts)) return undefined;
  return entry.metrics === undefined ? { facts } : { metrics: { at, ...entry.metrics }, facts };
}

function reportedFacts(reported: ReportedFacts, at: string): FactUpdate {
  const time = (value: string) => notLaterThan(value, at);
  const facts: FactUpdate = {};
  const backup = compact({
    lastSuccessAt: mapDefined(reported.backup?.lastSuccessAt, time),
    lastRestoreTestAt: mapDefined(reported.backup?.lastRestoreTestAt, time),
  });
  if (Object.keys(backup).length > 0) facts.backup = backup;
  if (reported.tls !== undefined) facts.tls = { enforced: reported.tls.enforced };
  if (reported.credentials !== undefined) facts.credentials = { rotatedAt: time(reported.credentials.rotatedAt) };
  if (reported.network !== undefined) facts.network = { publiclyReachable: reported.network.publiclyReachable };
  return facts;
}

/**
 * The facts a probe evidences, for the probe's instance: only the fields the probe carries. Recorded when the
 * probe verified a remediation step, so that e.g. a verified take-backup moves `backup.lastSuccessAt`.
 *
 * @example
 *   probedFacts({ instanceId: 'pg-1', at: T, reachable: true, healthy: true, lastBackupAt: T })
 *   // { backup: { lastSuccessAt: T } }
 */
export function probedFacts(probe: HealthProbe): FactUpdate {
  const time = (value: string) => notLaterThan(value, probe.at);
  const facts: FactUpdate = {};
  if (probe.lastBackupAt !== undefined) facts.backup = { lastSuccessAt: time(probe.lastBackupAt) };
  if (probe.replicationLagSeconds !== undefined) facts.replication = { lagSeconds: probe.replicationLagSeconds };
  if (probe.tlsEnforced !== undefined) facts.tls = { enforced: probe.tlsEnforced };
  if (probe.credentialsRotatedAt !== undefined) facts.credentials = { rotatedAt: time(probe.credentialsRotatedAt) };
  return facts;
}

export function hasFacts(facts: FactUpdate): boolean {
  return Object.values(facts).some((aspect) => aspect !== undefined && Object.keys(aspect).length > 0);
}

/**
 * The instance with the update applied by the rule above: what the store's write leaves in the ledger.
 *
 * @example
 *   applyFacts({ ...instance, backup: { lastSuccessAt: A, lastRestoreTestAt: R } }, { backup: { lastSuccessAt: B } }).backup
 *   // { lastSuccessAt: B, lastRestoreTestAt: R }
 */
export function applyFacts(instance: Instance, update: FactUpdate): Instance {
  const next: Instance = { ...instance };
  if (update.backup !== undefined) next.backup = { ...instance.backup, ...update.backup };
  if (update.replication !== undefined) next.replication = { ...instance.replication, ...update.replication };
  if (update.tls !== undefined) next.tls = { ...update.tls };
  if (update.credentials !== undefined) next.credentials = { ...update.credentials };
  if (update.network !== undefined) next.network = { ...update.network };
  return next;
}

function notLaterThan(value: string, limit: string): string {
  return new Date(Math.min(Date.parse(value), Date.parse(limit))).toISOString();
}

function mapDefined<T, U>(value: T | undefined, map: (value: T) => U): U | undefined {
  return value === undefined ? undefined : map(value);
}

function compact<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
