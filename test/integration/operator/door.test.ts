/**
 * The operator door on the local stack: calls signed as each local profile through the Function URL (SigV4
 * checked as Lambda does), direct invokes, the role matrix over every command, break glass, hostile inputs,
 * and the audit log they all leave.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signPost } from '../../../cli/signing.ts';
import type { BusEvent } from '../../../local/event-bus.ts';
import { includes, type Role } from '../../../shared/domain/access/roles.ts';
import { isLegalTransition } from '../../../shared/domain/lifecycle.ts';
import { COMMANDS } from '../../../shared/operator/registry.ts';
import { anInstanceSpec } from '../../support/factories.ts';
import { startStackUnderTest, type StackUnderTest } from '../../support/local-stack.ts';

let sut: StackUnderTest;
const published: BusEvent[] = [];
type Answer = { ok: boolean; result?: any; error?: { name?: string; message?: string; needed?: string } };

const arnOf = (profile: string) => `arn:aws:iam::000000000000:user/fleetwarden-local-${profile}`;
const call = (role: string, body: Record<string, unknown>) => sut.stack.operator({ note: 'door-test', ...body }, role) as Promise<Answer>;
const invoke = async (body: unknown) => (await sut.stack.invoke('operator', body)) as Answer;

async function register(id: string): Promise<void> {
  const out = await call('operator', { command: 'register', reason: 'door test', input: { instance: anInstanceSpec({ id }) } });
  expect(out.ok).toBe(true);
}

async function auditLog(input: Record<string, unknown> = {}): Promise<any[]> {
  const out = await call('viewer', { command: 'audit-log', input: { since: '1h', ...input } });
  expect(out.ok).toBe(true);
  return out.result as any[];
}

function rawPost(body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(sut.stack.operatorUrl, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  sut = await startStackUnderTest();
  sut.stack.bus.onEvent((event) => published.push(event));
  await register('pg-door-1');
});

afterAll(async () => {
  await sut.stack.stop();
});

/** A valid input for every command, and the least role it needs with that input. */
const MATRIX: Record<string, { input: Record<string, unknown>; needs: Role }> = {
  status: { input: {}, needs: 'viewer' },
  list: { input: {}, needs: 'viewer' },
  show: { input: { instanceId: 'pg-door-1' }, needs: 'viewer' },
  transition: { input: { instanceId: 'pg-door-1', to: 'available' }, needs: 'operator' },
  register: { input: { instance: anInstanceSpec({ id: 'pg-door-matrix' }) }, needs: 'operator' },
  'audit-run': { input: {}, needs: 'operator' },
  'audit-status': { input: {}, needs: 'viewer' },
  'audit-report': { input: {}, needs: 'viewer' },
  'advisory-add': { input: { id: 'CVE-2026-0001', affects: ['postgres-15*'] }, needs: 'operator' },
  'advisory-show': { input: { id: 'CVE-2026-0001' }, needs: 'viewer' },
  tasks: { input: {}, needs: 'viewer' },
  task: { input: { taskId: 'no-such-task' }, needs: 'viewer' },
  remediate: { input: { instanceId: 'pg-door-1', condition: 'disk-full', dryRun: true }, needs: 'operator' },
  freeze: { input: { scope: 'zone:zz-nowhere-1', expires: '1h' }, needs: 'breakglass' },
  unfreeze: { input: { freezeId: 'no-such-freeze' }, needs: 'operator' },
  freezes: { input: {}, needs: 'viewer' },
  incidents: { input: {}, needs: 'viewer' },
  incident: { input: { action: 'release', incidentId: 'no-such-incident' }, needs: 'breakglass' },
  detection: { input: {}, needs: 'viewer' },
  'detection-release': { input: { service: 'postgres' }, needs: 'operator' },
  'audit-log': { input: {}, needs: 'viewer' },
  'automation-report': { input: { days: 7 }, needs: 'viewer' },
};

describe('the role matrix', () => {
  it('covers every command the operator has', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...COMMANDS.keys()].sort());
  });

  it('refuses exactly the calls a role does not allow, for every command and every role, and a direct invoke only reads', async () => {
    const seen: string[] = [];
    for (const [role, held] of [['nobody', undefined], ['viewer', 'viewer'], ['operator', 'operator'], ['breakglass', 'breakglass']] as const) {
      for (const [command, { input, needs }] of Object.entries(MATRIX)) {
        const out = await call(role, { command, input, reason: 'role matrix' });
        const refused = out.error?.name === 'AccessDeniedError';
        seen.push(`${role} ${command} ${refused ? 'refused' : 'allowed'}`);
        expect(refused, `${role} ${command}: ${JSON.stringify(out.error)}`).toBe(!includes(held, needs));
        if (refused) expect(out.error?.message).toContain(`needs role ${held === undefined ? 'viewer' : needs}`);
      }
    }
    for (const [command, { input, needs }] of Object.entries(MATRIX)) {
      const out = await invoke({ command, input, reason: 'direct invoke' });
      expect(out.error?.name === 'AccessDeniedError', `invoke ${command}`).toBe(needs !== 'viewer');
    }
    expect(seen.filter((s) => s.startsWith('nobody') && s.endsWith('allowed'))).toEqual([]);
    expect(seen.filter((s) => s.startsWith('operator') && s.endsWith('refused'))).toEqual(['operator freeze refused', 'operator incident refused']);
    expect(seen.filter((s) => s.startsWith('breakglass') && s.endsWith('refused'))).toEqual([]);
  });
});

describe('who is calling', () => {
  it('refuses unsigned and badly signed calls at the URL, before the function runs', async () => {
    const before = await auditLog();
    const body = JSON.stringify({ command: 'status' });
    expect(await rawPost(body, { 'content-type': 'application/json' })).toEqual({ status: 403, text: '{"Message":"Forbidden"}' });
    const operator = sut.stack.principals.find((p) => p.profile === 'fleetwarden-local-operator')!;
    const url = new URL(sut.stack.operatorUrl);
    const forged = await signPost(url, body, { ...operator, secretAccessKey: 'guessed' }, 'us-east-1');
    expect((await rawPost(body, forged.headers)).status).toBe(403);
    const tampered = await signPost(url, body, operator, 'us-east-1');
    expect((await rawPost(JSON.stringify({ command: 'freeze' }), tampered.headers)).status).toBe(403);
    expect(sut.stack.urlRefused()).toMatchObject({ 'unsigned request (no SigV4 Authorization header)': 1, 'signature does not match (wrong secret, or the request was changed)': 2 });
    // Nothing reached the function: the audit log gained only the viewer's own reads.
    expect((await auditLog()).filter((c) => c.principal !== arnOf('viewer'))).toEqual(before.filter((c) => c.principal !== arnOf('viewer')));
  });

  it('refuses a validly signed principal the stage maps to no role, and audits it', async () => {
    const out = await call('nobody', { command: 'freeze', input: { scope: 'fleet', expires: '1h' }, reason: 'let me in' });
    expect(out.error).toMatchObject({ name: 'AccessDeniedError', needed: 'viewer', held: null, principal: arnOf('nobody') });
    const [entry] = (await auditLog({ actor: arnOf('nobody'), command: 'freeze' })).slice(-1);
    expect(entry).toMatchObject({ principal: arnOf('nobody'), role: 'none', via: 'url', outcome: 'refused', reason: 'let me in', input: { scope: 'fleet', expires: '1h' } });
  });

  it('records the verified principal as the actor; a typed name is only a note', async () => {
    await register('pg-door-actor');
    const out = await call('operator', { command: 'transition', input: { instanceId: 'pg-door-actor', to: 'available' }, reason: 'ready', note: 'remediation' });
    expect(out.ok).toBe(true);
    expect(out.result.instance.state).toBe('available');
    const shown = await call('viewer', { command: 'show', input: { instanceId: 'pg-door-actor' } });
    expect(shown.result.history[0].actor).toEqual({ kind: 'engineer', id: arnOf('operator') });
    const [entry] = (await auditLog({ command: 'transition', actor: arnOf('operator') })).slice(-1);
    expect(entry).toMatchObject({ note: 'remediation', outcome: 'ok', before: { state: 'installing' }, after: { state: 'available' } });
    expect(entry.intentAt).toBeDefined();
  });
});

describe('break glass', () => {
  it('forces a transition the table forbids only with the role and its papers, records it, and publishes BreakGlassUsed', async () => {
    await register('pg-door-forced');
    expect(isLegalTransition('installing', 'archived')).toBe(false);
    const input = { instanceId: 'pg-door-forced', to: 'archived' };
    const asOperator = await call('operator', { command: 'transition', input, reason: 'stuck', breakGlass: true, ticket: 'INC-42' });
    expect(asOperator.error).toMatchObject({ name: 'AccessDeniedError', needed: 'breakglass' });
    const noPapers = await call('breakglass', { command: 'transition', input, reason: 'stuck' });
    expect(noPapers.error).toMatchObject({ name: 'BreakGlassRequiredError', missing: ['--break-glass', '--ticket REF'] });
    const noTicket = await call('breakglass', { command: 'transition', input, reason: 'stuck', breakGlass: true });
    expect(noTicket.error).toMatchObject({ name: 'BreakGlassRequiredError', missing: ['--ticket REF'] });

    const forced = await call('breakglass', { command: 'transition', input, reason: 'stuck in installing for a day', breakGlass: true, ticket: 'INC-42' });
    expect(forced.ok).toBe(true);
    const shown = await call('viewer', { command: 'show', input: { instanceId: 'pg-door-forced' } });
    expect(shown.result.history[0]).toMatchObject({ from: 'installing', to: 'archived', breakGlass: { ticket: 'INC-42' }, actor: { id: arnOf('breakglass') } });
    await vi.waitFor(() => expect(published.filter((e) => e['detail-type'] === 'BreakGlassUsed')).toHaveLength(1));
    expect(published.find((e) => e['detail-type'] === 'BreakGlassUsed')?.detail).toMatchObject({
      principal: arnOf('breakglass'), command: 'transition', ticket: 'INC-42', reason: 'stuck in installing for a day', input,
    });
    const [entry] = (await auditLog({ command: 'transition', actor: arnOf('breakglass') })).filter((c) => c.outcome === 'ok');
    expect(entry).toMatchObject({ breakGlass: true, ticket: 'INC-42', before: { state: 'installing' }, after: { state: 'archived' } });
  });

  it('refuses --break-glass where it is not needed, and needs it to act inside a freeze', async () => {
    await register('pg-door-frozen');
    const legal = { instanceId: 'pg-door-frozen', to: 'available' };
    const spurious = await call('breakglass', { command: 'transition', input: legal, reason: 'r', breakGlass: true, ticket: 'CHG-1' });
    expect(spurious.error?.message).toContain('is not a break-glass action');
    const frozen = await call('operator', { command: 'freeze', input: { scope: 'instance:pg-door-frozen', expires: '2h' }, reason: 'investigating' });
    expect(frozen.ok).toBe(true);
    const inside = await call('operator', { command: 'transition', input: legal, reason: 'ready' });
    expect(inside.error?.message).toContain(`a transition of pg-door-frozen inside freeze ${frozen.result.id} needs role breakglass`);
    const withPapers = await call('breakglass', { command: 'transition', input: legal, reason: 'ready, verified by hand', breakGlass: true, ticket: 'CHG-2' });
    expect(withPapers.ok).toBe(true);
  });

  it('publishes wide freezes and incident releases, and an operator may not freeze a service for more than a day', async () => {
    const long = await call('operator', { command: 'freeze', input: { scope: 'service:kafka', expires: '2d' }, reason: 'vendor upgrade' });
    expect(long.error?.message).toBe('a freeze of service kafka for more than a day needs role breakglass; arn:aws:iam::000000000000:user/fleetwarden-local-operator has operator');
    const service = await call('operator', { command: 'freeze', input: { scope: 'service:kafka', expires: '2h' }, reason: 'vendor upgrade' });
    expect(service.ok).toBe(true);
    await vi.waitFor(() => expect(published.filter((e) => e['detail-type'] === 'FreezeCreated').map((e) => (e.detail as { id: string }).id)).toContain(service.result.id));
    const instanceFreezes = published.filter((e) => e['detail-type'] === 'FreezeCreated' && (e.detail as { scope: { kind: string } }).scope.kind === 'instance');
    expect(instanceFreezes).toEqual([]);
  });
});

describe('hostile input', () => {
  it('refuses a 1 MiB field, 5,000 levels of nesting and a huge unknown command cleanly, and audits each in a bounded form', async () => {
    const huge = await call('operator', { command: 'freeze', input: { scope: 'x'.repeat(1024 * 1024), expires: '1h' }, reason: 'r' });
    expect(huge.error).toMatchObject({ name: 'ValidationError' });
    expect(huge.error?.message).toMatch(/the request is \d+ bytes; at most 65536 are accepted/);
    // Built as text: JSON.stringify itself overflows the stack at this depth.
    const deep = `{"command":"status","input":{"deep":${'['.repeat(5000)}"bottom"${']'.repeat(5000)}}}`;
    const operator = sut.stack.principals.find((p) => p.profile === 'fleetwarden-local-operator')!;
    const signedDeep = await signPost(new URL(sut.stack.operatorUrl), deep, operator, 'us-east-1');
    const nested = await rawPost(deep, signedDeep.headers);
    expect(nested.status).toBe(400);
    expect((JSON.parse(nested.text) as Answer).error?.message).toContain('nested deeper than 8 levels');
    const name = 'z'.repeat(60_000);
    const unknown = await call('viewer', { command: name });
    expect(unknown.error?.name).toBe('ValidationError');
    expect(JSON.stringify(unknown).length).toBeLessThan(2_000);
    const direct = await invoke({ command: 'status', input: { blob: 'y'.repeat(1024 * 1024) } });
    expect(direct.error?.message).toContain('a string of 1048576 characters; at most 4096');
    const rejected = (await auditLog()).filter((c) => c.outcome === 'rejected');
    expect(rejected.length).toBeGreaterThanOrEqual(4);
    for (const entry of rejected) expect(JSON.stringify(entry).length).toBeLessThan(8_000);
  });
});

describe('warden with each local profile', () => {
  it('refuses a viewer exactly as in AWS, acts as the local operator without a profile, and as breakglass with its profile', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const saved = process.env.AWS_PROFILE;
    try {
      process.env.AWS_PROFILE = 'fleetwarden-local-viewer';
      const viewer = await sut.warden('freeze', '--scope', 'instance:pg-door-1', '--expires', '1h', '--reason', 'try');
      expect(viewer.code).toBe(1);
      expect(errors.mock.calls.flat().join(' ')).toContain('needs role operator; arn:aws:iam::000000000000:user/fleetwarden-local-viewer has viewer');
      expect((await sut.warden('status', '--json')).code).toBe(0);

      delete process.env.AWS_PROFILE;
      const fleet = await sut.warden('freeze', '--scope', 'zone:zz-cli-1', '--expires', '1h', '--reason', 'try', '--yes');
      expect(fleet.code).toBe(1);
      expect(errors.mock.calls.flat().join(' ')).toContain('needs role breakglass; arn:aws:iam::000000000000:user/fleetwarden-local-operator has operator');

      process.env.AWS_PROFILE = 'fleetwarden-local-breakglass';
      const done = await sut.warden('freeze', '--scope', 'zone:zz-cli-1', '--expires', '1h', '--reason', 'zone maintenance', '--ticket', 'CHG-7', '--json', '--yes');
      expect(done.code).toBe(0);
      expect(JSON.parse(done.out)).toMatchObject({ scope: { kind: 'zone', zone: 'zz-cli-1' }, actor: { id: arnOf('breakglass') } });

      const log = await sut.warden('audit-log', '--since', '1h', '--command', 'freeze', '--json');
      const entries = JSON.parse(log.out) as any[];
      expect(entries.map((e) => [e.principal, e.outcome]).slice(-3)).toEqual([
        [arnOf('viewer'), 'refused'], [arnOf('operator'), 'refused'], [arnOf('breakglass'), 'ok'],
      ]);
      expect(entries.at(-1)).toMatchObject({ ticket: 'CHG-7', reason: 'zone maintenance' });
      const table = await sut.warden('audit-log', '--since', '1h', '--command', 'freeze');
      expect(table.out).toContain('user/fleetwarden-local-breakglass');
      expect(table.out).toContain('ticket CHG-7');
    } finally {
      if (saved === undefined) delete process.env.AWS_PROFILE;
      else process.env.AWS_PROFILE = saved;
      errors.mockRestore();
    }
  });
});
