/** The lifecycle ledger in memory (dynamo/instance-store.ts): a transition writes all of its parts or none. */
import { InstanceNotFoundError } from '../../domain/errors.ts';
import { causeKey, type HistoryEntry, type Instance } from '../../domain/instance.ts';
import type { Transitioned } from '../../domain/lifecycle.ts';
import { registrationOutcome, transitionOutcome, type InstanceStore, type LoadedForChange, type WriteOutcome } from '../dynamo/instance-store.ts';
import { counterKey, inventoryKey } from '../dynamo/keys.ts';
import { copyOf } from './copy.ts';
import type { PublicApi } from './public-api.ts';
import type { InstanceRecord, MemoryTables, TxWrite } from './tables.ts';

export class MemoryInstanceStore implements PublicApi<InstanceStore> {
  readonly table = 'memory';

  constructor(private readonly db: MemoryTables) {}

  async register({ instance, entry }: Transitioned): Promise<WriteOutcome> {
    const record = copyOf({ ...instance, conditions: instance.conditions ?? {} }) as InstanceRecord;
    const cancelled = this.db.transact(`registration of ${instance.id}`, [
      {
        name: 'instance',
        check: () => !this.db.instances.has(instance.id),
        apply: () => {
          this.db.instances.set(instance.id, record);
          this.db.indexInstance(record);
        },
      },
      ...this.entryWrites(entry),
      this.counterMove(instance, instance.state, 1, 'stateCount'),
      this.inventoryMove(instance, 1),
    ]);
    return registrationOutcome(cancelled, instance.id);
  }

  async applyTransition(before: Instance, { instance, entry }: Transitioned): Promise<WriteOutcome> {
    const goesAvailable = instance.state === 'available' && before.silentSince !== undefined;
    const stored = this.db.instances.get(instance.id);
    const cancelled = this.db.transact(`transition of ${instance.id}`, [
      {
        name: 'instance',
        check: () => stored !== undefined && stored.version === before.version,
        apply: () => {
          if (stored === undefined) return;
          this.db.moveState(instance.id, stored.state, instance.state);
          stored.state = instance.state;
          stored.version = instance.version;
          stored.stateSince = instance.stateSince;
          if (goesAvailable) {
            stored.silentSince = undefined;
            this.db.silent.delete(instance.id);
          }
        },
      },
      ...this.entryWrites(entry),
      this.counterMove(before, before.state, -1, 'countFrom'),
      this.counterMove(instance, instance.state, 1, 'countTo'),
      ...(instance.state === 'retired' ? [this.inventoryMove(instance, -1)] : []),
    ]);
    return transitionOutcome(cancelled, instance.id, before.version, () => (stored === undefined ? undefined : { version: stored.version }));
  }

  async find(id: string): Promise<Instance | undefined> {
    const record = this.db.instances.get(id);
    return record === undefined ? undefined : (copyOf(record) as unknown as Instance);
  }

  async get(id: string): Promise<Instance> {
    const instance = await this.find(id);
    if (instance === undefined) throw new InstanceNotFoundError(id);
    return instance;
  }

  async loadForChange(id: string, cause: string): Promise<LoadedForChange> {
    const instance = await this.get(id);
    const loaded: LoadedForChange = { instance };
    const recorded = this.db.causes.get(marker(id, cause));
    if (recorded !== undefined) loaded.recordedVersion = recorded;
    return loaded;
  }

  async historyEntry(id: string, version: number): Promise<HistoryEntry | undefined> {
    const entry = this.db.history.get(id)?.[version - 1];
    return entry === undefined ? undefined : copyOf(entry);
  }

  async history(id: string, limit = 50): Promise<HistoryEntry[]> {
    const entries = this.db.history.get(id) ?? [];
    return entries.slice(Math.max(0, entries.length - limit)).reverse().map((entry) => copyOf(entry));
  }

  private entryWrites(entry: HistoryEntry): TxWrite[] {
    const key = marker(entry.instanceId, causeKey(entry.cause));
    return [
      {
        name: 'history',
        check: () => this.db.history.get(entry.instanceId)?.[entry.version - 1] === undefined,
        apply: () => {
          let entries = this.db.history.get(entry.instanceId);
          if (entries === undefined) this.db.history.set(entry.instanceId, (entries = []));
          entries[entry.version - 1] = copyOf({ ...entry, from: entry.from ?? null });
        },
      },
      { name: 'cause', check: () => !this.db.causes.has(key), apply: () => this.db.causes.set(key, entry.version) },
    ];
  }

  private counterMove(instance: Pick<Instance, 'id' | 'service'>, state: Instance['state'], by: number, name: string): TxWrite {
    const key = counterKey(this.db.shardOf(instance.id), instance.service, state);
    return { name, apply: () => this.db.addToCounter(key, by) };
  }

  private inventoryMove(instance: Instance, by: number): TxWrite {
    const key = inventoryKey(this.db.shardOf(instance.id), instance.service, instance.zone, `${instance.image.name}:${instance.image.version}`);
    return { name: 'inventory', apply: () => this.db.addToCounter(key, by) };
  }
}

const marker = (id: string, cause: string) => `${id}\n${cause}`;
