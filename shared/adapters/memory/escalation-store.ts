/** Each instance's last escalation in memory (dynamo/escalation-store.ts), written only over the one read. */
import type { InstanceEscalation } from '../../domain/remediation/escalation.ts';
import type { EscalationStore } from '../dynamo/escalation-store.ts';
import { escalationKey, ttlAfter } from '../dynamo/remediation-keys.ts';
import type { PublicApi } from './public-api.ts';
import type { MemoryTables } from './tables.ts';

const RETENTION_SECONDS = 30 * 24 * 3600;

export class MemoryEscalationStore implements PublicApi<EscalationStore> {
  constructor(private readonly db: MemoryTables) {}

  async get(instanceId: string): Promise<InstanceEscalation | undefined> {
    return this.db.ledger.get(escalationKey(instanceId))?.escalation as InstanceEscalation | undefined;
  }

  async save(next: InstanceEscalation, previous: InstanceEscalation | undefined): Promise<'saved' | 'changed'> {
    const stored = this.db.ledger.peek(escalationKey(next.instanceId));
    const current = stored?.escalation as InstanceEscalation | undefined;
    const unchanged = previous === undefined
      ? stored === undefined
      : current?.taskId === previous.taskId && current.openedAt === previous.openedAt;
    if (!unchanged) return 'changed';
    this.db.ledger.put({ ...escalationKey(next.instanceId), entity: 'escalation', escalation: next, expiresAt: ttlAfter(next.openedAt, RETENTION_SECONDS) });
    return 'saved';
  }
}
