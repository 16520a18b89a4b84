/** Advisories and their rolls in memory (dynamo/advisory-store.ts): the roll moves only from the state it was read in. */
import type { Advisory } from '../../domain/audits/advisories.ts';
import type { RollState } from '../../domain/audit-runs/roll-progress.ts';
import type { RollWave } from '../../domain/audits/roll.ts';
import { ADVISORIES_PK, advisoryKey, waveKey } from '../dynamo/audit-keys.ts';
import { toStored, type AdvisoryStore, type StoredAdvisory } from '../dynamo/advisory-store.ts';
import { copyOf } from './copy.ts';
import type { PublicApi } from './public-api.ts';
import type { MemoryTables } from './tables.ts';

export class MemoryAdvisoryStore implements PublicApi<AdvisoryStore> {
  constructor(private readonly db: MemoryTables) {}

  async put(advisory: Advisory): Promise<'created' | 'exists'> {
    if (this.db.ledger.has(advisoryKey(advisory.id))) return 'exists';
    this.db.ledger.put({ ...advisoryKey(advisory.id), entity: 'advisory', ...advisory });
    return 'created';
  }

  async addFixedImage(id: string, fixedImage: NonNullable<Advisory['fixedImage']>): Promise<boolean> {
    const item = this.db.ledger.peek(advisoryKey(id));
    if (item === undefined || item.fixedImage !== undefined) return false;
    item.fixedImage = copyOf(fixedImage);
    return true;
  }

  async get(id: string): Promise<StoredAdvisory | undefined> {
    const item = this.db.ledger.get(advisoryKey(id));
    return item === undefined ? undefined : toStored(item);
  }

  async list(): Promise<StoredAdvisory[]> {
    return this.db.ledger.query(ADVISORIES_PK, { prefix: 'ADVISORY#' }).map(toStored);
  }

  async putWaves(advisoryId: string, planId: string, waves: readonly RollWave[]): Promise<void> {
    for (const wave of waves) this.db.ledger.put({ ...waveKey(advisoryId, planId, wave.index), entity: 'rollWave', advisoryId, planId, ...wave });
  }

  async wave(advisoryId: string, planId: string, index: number): Promise<RollWave | undefined> {
    const item = this.db.ledger.get(waveKey(advisoryId, planId, index));
    if (item === undefined) return undefined;
    const { index: i, phase, steps } = item as unknown as RollWave;
    return { index: i, phase, steps };
  }

  async startRoll(advisoryId: string, roll: RollState): Promise<'started' | 'exists'> {
    const item = this.db.ledger.peek(advisoryKey(advisoryId));
    if (item === undefined || item.roll !== undefined) return 'exists';
    item.roll = copyOf(roll);
    return 'started';
  }

  async moveRoll(advisoryId: string, expected: Pick<RollState, 'currentWave' | 'raisedWave'>, next: RollState): Promise<boolean> {
    const item = this.db.ledger.peek(advisoryKey(advisoryId));
    const roll = item?.roll as RollState | undefined;
    if (item === undefined || roll?.currentWave !== expected.currentWave || roll.raisedWave !== expected.raisedWave) return false;
    item.roll = copyOf(next);
    return true;
  }
}
