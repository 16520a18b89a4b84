/** Detection's view of itself in memory (dynamo/observer-store.ts): one record, written only by its conditions. */
import { isJudged, type DetectionState } from '../../domain/observer/hold.ts';
import { intakeGap, type IntakeMark, type ObserverGap } from '../../domain/observer/watermark.ts';
import { OBSERVER_KEY, toRecord, type ObserverRecord, type ObserverStore } from '../dynamo/observer-store.ts';
import { copyOf } from './copy.ts';
import type { PublicApi } from './public-api.ts';
import type { MemoryTables } from './tables.ts';

export class MemoryObserverStore implements PublicApi<ObserverStore> {
  constructor(private readonly db: MemoryTables) {}

  async read(): Promise<ObserverRecord> {
    return toRecord(this.db.ledger.get(OBSERVER_KEY));
  }

  async advanceIntake(mark: IntakeMark, gapSeconds: number): Promise<ObserverGap | undefined> {
    const item = this.db.ledger.peek(OBSERVER_KEY);
    const previous = typeof item?.frontier === 'string' ? item.frontier : undefined;
    if (previous !== undefined && !(previous < mark.frontier)) return undefined;
    Object.assign(this.db.ledger.upsert(OBSERVER_KEY), { frontier: mark.frontier, processedAt: mark.processedAt, entity: 'observer' });
    const gap = intakeGap(previous, mark.frontier, gapSeconds);
    if (gap !== undefined) await this.recordGap(gap);
    return gap;
  }

  async recordGap(gap: ObserverGap): Promise<void> {
    const stored = this.db.ledger.peek(OBSERVER_KEY)?.gap as ObserverGap | undefined;
    if (stored !== undefined && !(stored.endedAt < gap.endedAt)) return;
    Object.assign(this.db.ledger.upsert(OBSERVER_KEY), { gap: copyOf(gap), entity: 'observer' });
  }

  async saveDetection(state: DetectionState, sweptAt: string, expectedVersion: number): Promise<boolean> {
    const version = this.db.ledger.peek(OBSERVER_KEY)?.version;
    if (expectedVersion === 0 ? version !== undefined : version !== expectedVersion) return false;
    const item = this.db.ledger.upsert(OBSERVER_KEY);
    Object.assign(item, { scopes: copyOf(state.scopes), lastSweepAt: sweptAt, version: expectedVersion + 1, entity: 'observer' });
    if (state.hold === undefined) delete item.hold;
    else item.hold = copyOf(state.hold);
    return true;
  }

  async markAnnounced(since: string, at: string): Promise<void> {
    const hold = this.db.ledger.peek(OBSERVER_KEY)?.hold as Record<string, unknown> | undefined;
    if (hold?.since === since) hold.announcedAt = at;
  }

  async releaseScope(service: string, by: string, at: string): Promise<boolean> {
    const record = await this.read();
    const index = record.scopes.findIndex((s) => s.service === service && !isJudged(s));
    if (index < 0) return false;
    const item = this.db.ledger.peek(OBSERVER_KEY);
    const scope = (item?.scopes as Record<string, unknown>[] | undefined)?.[index];
    if (item?.version !== record.version || scope?.service !== service) return false;
    Object.assign(scope, { releasedAt: at, releasedBy: by });
    return true;
  }
}
