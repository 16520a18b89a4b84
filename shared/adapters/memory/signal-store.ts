/** Failure signals by minute in memory (dynamo/signal-store.ts): what mass-event detection counts. */
import type { FailureSignal } from '../../domain/safety/mass-event.ts';
import { minuteOf, signalPartition, ttlAfter } from '../dynamo/remediation-keys.ts';
import type { SignalStore } from '../dynamo/signal-store.ts';
import type { PublicApi } from './public-api.ts';
import type { MemoryTables } from './tables.ts';

const RETENTION_SECONDS = 24 * 3600;

export class MemorySignalStore implements PublicApi<SignalStore> {
  constructor(private readonly db: MemoryTables) {}

  async put(signal: FailureSignal): Promise<void> {
    this.db.ledger.put({ pk: signalPartition(minuteOf(signal.at)), sk: signal.instanceId, entity: 'failure-signal', ...signal, expiresAt: ttlAfter(signal.at, RETENTION_SECONDS) });
  }

  async between(since: Date, until: Date): Promise<FailureSignal[]> {
    const signals: FailureSignal[] = [];
    for (let t = Math.floor(since.getTime() / 60_000) * 60_000; t <= until.getTime(); t += 60_000) {
      for (const { instanceId, service, zone, region, at } of this.db.ledger.query(signalPartition(minuteOf(new Date(t).toISOString())))) {
        signals.push({ instanceId: String(instanceId), service: String(service), zone: String(zone), region: String(region), at: String(at) });
      }
    }
    return signals;
  }
}
