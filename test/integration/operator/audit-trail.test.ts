/**
 * The audit log's promises on DynamoDB Local: the intent of a change is written before it acts, the outcome
 * after; a failure between leaves both; nothing is overwritten; and only the operator may write the table.
 */
import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { OperatorAuditLog } from '../../../shared/adapters/dynamo/operator-audit-log.ts';
import { DependencyUnavailableError } from '../../../shared/domain/errors.ts';
import { command, type OperatorCommand, type OperatorDeps } from '../../../shared/operator/command.ts';
import { dispatch } from '../../../shared/operator/dispatch.ts';
import { readCall } from '../../../shared/operator/request.ts';
import { ledgerStores } from '../../../shared/runtime/deps.ts';
import { loadServerlessConfig } from '../../../local/serverless-config.ts';
import { RecordingPublisher, SettableClock } from '../../support/deps.ts';
import { freshStack, type TestStack } from '../../support/stack.ts';

let stack: TestStack;
let deps: OperatorDeps;
const clock = new SettableClock(new Date('2026-12-06T10:00:00.000Z'));
const ARN = 'arn:aws:iam::123456789012:user/alice';
const seenBeforeActing: unknown[] = [];

const probe = command({
  name: 'probe',
  description: 'reads the audit log while it runs',
  mutating: true,
  input: z.object({ fail: z.boolean().default(false) }).strict(),
  subject: async () => ({ state: 'before' }),
  run: async ({ fail }, { deps: d, requestId }) => {
    seenBeforeActing.push(...(await d.audit.day('2026-12-06', '2026-12-06')).filter((e) => e.requestId === requestId));
    if (fail) throw new DependencyUnavailableError('the fleet control plane');
    return { state: 'after' };
  },
});
const COMMANDS = new Map<string, OperatorCommand>([['probe', probe]]);

function urlEvent(body: unknown) {
  return {
    version: '2.0',
    requestContext: { http: { method: 'POST' }, authorizer: { iam: { userArn: ARN, accountId: '123456789012', userId: 'AIDA' } } },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}
const MAPPINGS = [{ principal: ARN, role: 'operator' as const }];

beforeAll(async () => {
  stack = await freshStack();
  deps = {
    ...ledgerStores(stack.doc, stack.tableName),
    events: new RecordingPublisher(),
    clock: clock.read,
    audit: new OperatorAuditLog(stack.doc, stack.resources.OperatorAuditTable?.ref ?? ''),
  };
});

describe('the operator audit log', () => {
  it('writes the intent before the change acts and the outcome after, with before and after', async () => {
    const out = await dispatch(COMMANDS, readCall(urlEvent({ command: 'probe', reason: 'check ordering', input: {} }), MAPPINGS), deps, 'req-ok');
    expect(out).toEqual({ ok: true, result: { state: 'after' } });
    expect(seenBeforeActing).toEqual([expect.objectContaining({ requestId: 'req-ok', phase: 'intent', principal: ARN, role: 'operator', before: { state: 'before' } })]);
    const entries = (await deps.audit.day('2026-12-06', '2026-12-06')).filter((e) => e.requestId === 'req-ok');
    expect(entries.map((e) => e.phase)).toEqual(['intent', 'outcome']);
    expect(entries[1]).toMatchObject({ outcome: 'ok', reason: 'check ordering', before: { state: 'before' }, after: { state: 'before' } });
  });

  it('leaves the intent and a failed outcome when the change fails midway, and the caller may retry', async () => {
    const call = readCall(urlEvent({ command: 'probe', reason: 'control plane down', input: { fail: true } }), MAPPINGS);
    await expect(dispatch(COMMANDS, call, deps, 'req-fail')).rejects.toBeInstanceOf(DependencyUnavailableError);
    const entries = (await deps.audit.day('2026-12-06', '2026-12-06')).filter((e) => e.requestId === 'req-fail');
    expect(entries.map((e) => [e.phase, e.outcome])).toEqual([['intent', undefined], ['outcome', 'failed']]);
    expect(entries[1]?.error).toBe('DependencyUnavailableError: the fleet control plane is unavailable right now');
  });

  it('never overwrites an entry', async () => {
    const entry = { requestId: 'req-once', phase: 'outcome' as const, at: '2026-12-06T10:00:00.000Z', principal: ARN, role: 'operator', via: 'url' as const, command: 'probe', outcome: 'ok' as const };
    await deps.audit.append(entry);
    await expect(deps.audit.append({ ...entry, outcome: 'refused' })).rejects.toThrow();
    const [kept] = (await deps.audit.day('2026-12-06', '2026-12-06')).filter((e) => e.requestId === 'req-once');
    expect(kept?.outcome).toBe('ok');
  });

  it('is a table only the operator function may write, and only by PutItem: no role can update or delete it', () => {
    const config = loadServerlessConfig({ stage: 'audit', region: 'us-east-1' });
    const grants = Object.entries(config.functions).flatMap(([name, fn]) =>
      ((fn as { iamRoleStatements?: { Action: string[]; Resource: unknown }[] }).iamRoleStatements ?? [])
        .filter((s) => JSON.stringify(s.Resource).includes('OperatorAuditTable'))
        .map((s) => [name, s.Action]),
    );
    expect(grants).toEqual([['operator', ['dynamodb:PutItem', 'dynamodb:Query']]]);
  });
});
