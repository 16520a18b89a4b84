/** Items read back are parsed: a malformed one is a CorruptItemError naming the item and each bad field. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlarmLog } from '../../../shared/adapters/dynamo/alarm-log.ts';
import { AuditRunStore } from '../../../shared/adapters/dynamo/audit-run-store.ts';
import { CorruptItemError, isPermanent } from '../../../shared/domain/errors.ts';
import { freshStack, type TestStack } from '../../support/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await freshStack();
});

const put = (Item: Record<string, unknown>) => stack.doc.send(new PutCommand({ TableName: stack.tableName, Item }));

describe('reading items back', () => {
  it('refuses an instance whose state is not a lifecycle state, naming the field and the item', async () => {
    await put({ pk: 'INST#pg-bad', sk: 'META', entity: 'instance', id: 'pg-bad', service: 'postgres', plan: 'p', region: 'r', zone: 'z', cellId: 'c', image: { name: 'i', version: '1' }, role: { kind: 'standalone' }, state: 'on-fire', version: 3, stateSince: '2026-01-01T00:00:00Z', createdAt: '2026-01-01T00:00:00Z' });
    const error = await stack.store.find('pg-bad').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptItemError);
    expect(isPermanent(error)).toBe(true);
    expect((error as CorruptItemError).key).toBe('INST#pg-bad / META');
    expect((error as CorruptItemError).issues.join()).toContain('state');
  });

  it('refuses an instance whose version is a string', async () => {
    await put({ pk: 'INST#pg-v', sk: 'META', entity: 'instance', id: 'pg-v', service: 'postgres', plan: 'p', region: 'r', zone: 'z', cellId: 'c', image: { name: 'i', version: '1' }, role: { kind: 'standalone' }, state: 'available', version: '3', stateSince: '2026-01-01T00:00:00Z', createdAt: '2026-01-01T00:00:00Z' });
    await expect(stack.store.find('pg-v')).rejects.toThrow(/version/);
  });

  it('refuses an audit run without its segment count', async () => {
    await put({ pk: 'AUDITRUNS', sk: 'RUN#r-bad', entity: 'auditRun', runId: 'r-bad', status: 'running', trigger: 'schedule', requestedBy: 'x', startedAt: '2026-01-01T00:00:00Z' });
    await expect(new AuditRunStore(stack.doc, stack.tableName).get('r-bad')).rejects.toThrow(/totalSegments/);
  });

  it('refuses an alarm observation with an unknown alarm state', async () => {
    await put({ pk: 'INST#pg-a', sk: 'ALARMOBS#arn:x', entity: 'alarm-observation', instanceId: 'pg-a', alarmArn: 'arn:x', alarmName: 'x', state: 'PANIC', at: 'a', reason: 'r', occurrenceId: 'o', recordedAt: 'r' });
    await expect(new AlarmLog(stack.doc, stack.tableName).observations('pg-a')).rejects.toThrow(CorruptItemError);
  });
});
