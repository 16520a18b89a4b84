/**
 * Mass-event incidents in memory (dynamo/incident-store.ts): opening one takes its scope's lock in the same
 * transaction, so concurrent detections of one outage open one incident.
 */
import { ValidationError } from '../../domain/errors.ts';
import type { Incident } from '../../domain/safety/incident.ts';
import { describeScope } from '../../domain/safety/mass-event.ts';
import type { IncidentRecord, IncidentStore } from '../dynamo/incident-store.ts';
import { incidentKey, incidentScopeKey, ttlAfter } from '../dynamo/remediation-keys.ts';
import { copyOf } from './copy.ts';
import type { PublicApi } from './public-api.ts';
import type { MemoryTables } from './tables.ts';

const RETENTION_SECONDS = 90 * 24 * 3600;

export class MemoryIncidentStore implements PublicApi<IncidentStore> {
  constructor(private readonly db: MemoryTables) {}

  async open(incident: Incident): Promise<'opened' | 'exists'> {
    const scope = incidentScopeKey(describeScope(incident.scope));
    const cancelled = this.db.transact(`opening incident ${incident.id}`, [
      {
        name: 'scope',
        check: () => {
          const lock = this.db.ledger.peek(scope);
          return lock === undefined || lock.resolvedAt !== undefined;
        },
        apply: () => this.db.ledger.put({ ...scope, entity: 'incident-scope', incidentId: incident.id }),
      },
      {
        name: 'incident',
        check: () => !this.db.ledger.has(incidentKey(incident.id)),
        apply: () => this.db.ledger.put({ ...incidentKey(incident.id), entity: 'incident', incident: { ...incident, paged: false } }),
      },
    ]);
    if (cancelled === undefined) return 'opened';
    if (cancelled.failed('scope') || cancelled.failed('incident')) return 'exists';
    throw cancelled.unexpected();
  }

  async claimPage(id: string, at: string, staleBefore: string): Promise<boolean> {
    const incident = this.db.ledger.peek(incidentKey(id))?.incident as IncidentRecord | undefined;
    if (incident === undefined || incident.paged !== false) return false;
    if (incident.pagingAt !== undefined && !(incident.pagingAt < staleBefore)) return false;
    incident.pagingAt = at;
    return true;
  }

  async markPaged(id: string): Promise<void> {
    this.stored(id).incident = { ...(this.stored(id).incident as IncidentRecord), paged: true };
  }

  async save(incident: Incident): Promise<void> {
    const item = this.stored(incident.id);
    item.incident = copyOf({ ...incident, paged: true });
    if (incident.status !== 'resolved') return;
    const lock = this.db.ledger.peek(incidentScopeKey(describeScope(incident.scope)));
    // The scope's lock names another incident (it never held this one): only the resolution is recorded.
    if (lock?.incidentId !== incident.id) return;
    item.expiresAt = ttlAfter(incident.resolvedAt ?? incident.openedAt, RETENTION_SECONDS);
    lock.resolvedAt = incident.resolvedAt ?? incident.openedAt;
  }

  async list(): Promise<IncidentRecord[]> {
    return this.db.ledger.query(incidentKey('').pk).map((item) => item.incident as IncidentRecord).sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  }

  /** The incident's item; an unknown incident is the ValidationError its DynamoDB twin throws. */
  private stored(id: string) {
    const item = this.db.ledger.peek(incidentKey(id));
    if (item === undefined) throw new ValidationError('incident', [`no incident ${id}`]);
    return item;
  }
}
