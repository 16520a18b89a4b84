/**
 * The CLI as people use it: spawned as a user would run it, with and without a terminal (a pseudo-terminal
 * through `script`), against a local stack on the emulators; and --dry-run proven to write nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { startStackUnderTest, type StackUnderTest } from '../../support/local-stack.ts';
import { LOCAL_CREDENTIALS } from '../../support/stack.ts';

let sut: StackUnderTest;
const ESC = '\u001b[';
const NODE = 'node_modules/.bin/node';

/** Runs bin/warden.js in a child process; on a pseudo-terminal (stdin and stdout) with `tty`, typing `input`. */
function spawnWarden(args: string[], opts: { tty?: boolean; input?: string } = {}): Promise<{ code: number; out: string; err: string }> {
  const line = [NODE, 'bin/warden.js', ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const [cmd, argv] = opts.tty === true ? ['script', ['-q', '-e', '-c', line, '/dev/null']] as const : [NODE, ['bin/warden.js', ...args]] as const;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, [...argv], { env: { ...process.env, NO_COLOR: undefined, TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    child.stdin.end(opts.input ?? '');
  });
}

async function scanLedger(): Promise<string[]> {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', endpoint: inject('dynamodbEndpoint'), credentials: LOCAL_CREDENTIALS }));
  const items: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: `fleetwarden-${sut.stage}`, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []).map((i) => JSON.stringify(i)));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items.sort();
}

beforeAll(async () => {
  sut = await startStackUnderTest();
  for (const file of ['events/fleet-instance-created.json', 'events/fleet-instance-ready.json']) {
    const event = JSON.parse(readFileSync(file, 'utf8')) as { 'detail-type': string; source: string; detail: unknown };
    await sut.stack.bus.put(String(process.env.FLEET_BUS_NAME), { 'detail-type': event['detail-type'], source: event.source, resources: [], detail: event.detail });
  }
  for (let i = 0; i < 100; i += 1) {
    const shown = await sut.warden('list', '--state', 'available', '--json');
    if ((JSON.parse(shown.out || '[]') as unknown[]).length === 1) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  await sut.stack.stop();
});

describe('warden spawned as a user runs it', () => {
  it('shows per-command help with examples, the same piped and on a terminal, and exits 0', async () => {
    const piped = await spawnWarden(['freeze', '--help']);
    expect(piped.code).toBe(0);
    expect(piped.out).toContain('examples:\n  warden freeze --scope instance:pg-00001-1 --expires 2h');
    expect(piped.out).toContain('--dry-run');
    const onTerminal = await spawnWarden(['transition', '--help'], { tty: true });
    expect(onTerminal.code).toBe(0);
    expect(onTerminal.out).toContain('warden transition pg-00001-1 restart --reason');
  });

  it('colours and relative times on a terminal; plain text with ISO times when piped; --json the same either way', async () => {
    const piped = await spawnWarden(['list']);
    expect(piped.code).toBe(0);
    expect(piped.out).not.toContain(ESC);
    expect(piped.out).toMatch(/pg-orders-1\s+postgres\s+available\s+\d{4}-\d\d-\d\dT/);
    const tty = await spawnWarden(['list'], { tty: true });
    expect(tty.out).toContain(`${ESC}32mavailable${ESC}39m`);
    expect(tty.out).toMatch(/\d+[smhd] ago/);
    const [a, b] = await Promise.all([spawnWarden(['list', '--json']), spawnWarden(['list', '--json'], { tty: true })]);
    expect(JSON.parse(b.out)).toEqual(JSON.parse(a.out));
    expect(b.out).not.toContain(ESC);
  });

  it('refuses a wide change without --yes when there is no terminal, asks on one, and changes nothing unless told yes', async () => {
    const freeze = ['freeze', '--scope', 'service:redis', '--expires', '1h', '--reason', 'maintenance'];
    const piped = await spawnWarden(freeze);
    expect(piped.code).toBe(1);
    expect(piped.err).toContain('stop automation acting on service:redis until 1h: refused without --yes (no terminal to ask on). Add --yes');
    const declined = await spawnWarden(freeze, { tty: true, input: 'n\n' });
    expect(declined.code).toBe(1);
    expect(declined.out).toContain('stop automation acting on service:redis until 1h? [y/N]');
    expect(declined.out).toContain('not confirmed: nothing was changed');
    expect(JSON.parse((await sut.warden('freezes', '--json')).out)).toEqual([]);
    const accepted = await spawnWarden([...freeze, '--json'], { tty: true, input: 'y\n' });
    expect(accepted.code).toBe(0);
    const [made] = JSON.parse((await sut.warden('freezes', '--json')).out) as { id: string; scope: unknown }[];
    expect(made?.scope).toEqual({ kind: 'service', service: 'redis' });
    expect((await spawnWarden(['unfreeze', made?.id ?? '', '--reason', 'done'])).code).toBe(0);
  });

  it('asks before taking an instance out of service, but not for a restart', async () => {
    const retire = await spawnWarden(['transition', 'pg-orders-1', 'retiring', '--reason', 'decommission']);
    expect(retire.code).toBe(1);
    expect(retire.err).toContain('take pg-orders-1 out of service (to retiring): refused without --yes');
    const shown = JSON.parse((await sut.warden('show', 'pg-orders-1', '--json')).out) as { instance: { state: string } };
    expect(shown.instance.state).toBe('available');
  });

  it('says what to do next: close ids for an unknown instance, and how to start a stack when none runs', async () => {
    const unknown = await spawnWarden(['show', 'pg-order-1']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no instance pg-order-1 is registered');
    expect(unknown.err).toContain('did you mean pg-orders-1?');
    const child = spawn(NODE, ['bin/warden.js', 'status'], { env: { ...process.env, WARDEN_STACK_FILE: '/nonexistent/stack.json' } });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(err).toContain('no local stack is running (start one with `npm start`)');
  });
});

describe('--dry-run', () => {
  it('shows what each change would do and writes nothing: the ledger is unchanged and no changing command reaches the door', async () => {
    const before = await scanLedger();
    const since = new Date().toISOString();
    const runs: string[][] = [
      ['transition', 'pg-orders-1', 'retiring', '--reason', 'decommission'],
      ['transition', 'pg-orders-1', 'restart', '--reason', 'try'],
      ['remediate', 'pg-orders-1', 'disk-full', '--reason', 'by hand'],
      ['freeze', '--scope', 'fleet', '--expires', '2h', '--reason', 'all stop'],
      ['freeze', '--scope', 'instance:pg-orders-1', '--expires', '2h', '--reason', 'one'],
      ['detection-release', 'postgres', '--reason', 'real'],
      ['audit', 'run'],
      ['advisory', 'add', 'CVE-2026-7777', '--affects', 'postgres-16:2024.01.1', '--fixed-image', 'postgres-16:2024.09.1'],
      ['replay', 'events/'],
    ];
    const outputs: string[] = [];
    for (const argv of runs) {
      const { code, out } = await sut.warden(...argv, '--dry-run');
      expect(code, argv.join(' ')).toBe(0);
      outputs.push(out);
    }
    expect(outputs[0]).toContain('would move pg-orders-1 from available to retiring (version 2 to 3)');
    expect(outputs[1]).toContain('needs role operator');
    expect(outputs[2]).toContain('would raise disk-full on pg-orders-1');
    expect(outputs[3]).toMatch(/would freeze the fleet until .* \(1 instances\)[^\n]*\n\s+needs role breakglass/);
    expect(outputs[6]).toContain('would start a compliance audit of the whole fleet (1 instances)');
    expect(outputs[7]).toContain('would roll the affected instances onto postgres-16:2024.09.1');
    expect(outputs[8]).toContain('dry run: events/fleet-instance-created.json would go to');
    const json = JSON.parse((await sut.warden('transition', 'pg-orders-1', 'archived', '--reason', 'x', '--dry-run', '--json')).out) as Record<string, unknown>;
    expect(json).toMatchObject({ dryRun: true, from: 'available', to: 'archived', needs: { role: 'breakglass', breakGlass: true } });

    expect(await scanLedger()).toEqual(before);
    const calls = JSON.parse((await sut.warden('audit-log', '--since', since, '--json')).out) as { command: string }[];
    const changing = ['transition', 'remediate', 'freeze', 'unfreeze', 'incident', 'detection-release', 'audit-run', 'advisory-add', 'register'];
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => changing.includes(c.command))).toEqual([]);
  });

  it('refuses what the change itself would refuse, still writing nothing', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const before = await scanLedger();
    expect((await sut.warden('freeze', '--scope', 'fleet', '--expires', '30d', '--reason', 'x', '--dry-run')).code).toBe(1);
    expect((await sut.warden('transition', 'pg-orders-1', 'nowhere', '--reason', 'x', '--dry-run')).code).toBe(2);
    expect(errors.mock.calls.flat().join(' ')).toContain('more than 7 days away');
    errors.mockRestore();
    expect(await scanLedger()).toEqual(before);
  });
});

describe('warden top', () => {
  it('prints one frame when piped, and redraws in place on a terminal', async () => {
    const { code, out } = await sut.warden('top');
    expect(code).toBe(0);
    expect(out).toMatch(/^available\s*\n-+\n1\s*$/m);
    expect(out).toContain('incidents open: none');
    expect(out).toContain('freezes in force: none');
    expect(out).toMatch(/ingestion lag: /);
    const frames: string[] = [];
    let ticks = 0;
    const live = await sut.wardenWith({
      tty: true,
      write: (text) => frames.push(text),
      sleep: async () => {
        ticks += 1;
        if (ticks === 2) throw new Error('stop');
      },
    }, 'top', '--interval', '1').catch((error: unknown) => error);
    expect(live).toEqual(new Error('stop'));
    expect(frames).toHaveLength(2);
    expect(frames.every((f) => f.startsWith('\u001b[H\u001b[2J'))).toBe(true);
  });
});

describe('a stack that does not answer', () => {
  it('is given up on after the CLI\'s own timeout, saying so, instead of waiting forever', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket)); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const dir = mkdtempSync(join(tmpdir(), 'warden-silent-'));
    const credentials = join(dir, 'credentials');
    writeFileSync(credentials, '[fleetwarden-local-operator]\naws_access_key_id = AKIDSILENT\naws_secret_access_key = silent\n');
    const stackFile = join(dir, 'stack.json');
    writeFileSync(stackFile, JSON.stringify({ service: 'fleetwarden', stage: 'silent', region: 'us-east-1', lambdaEndpoint: `http://127.0.0.1:${port}`, operatorUrl: `http://127.0.0.1:${port}/`, credentialsFile: credentials, pid: process.pid }));
    try {
      const child = spawn(NODE, ['bin/warden.js', 'status'], { env: { ...process.env, WARDEN_STACK_FILE: stackFile, WARDEN_TIMEOUT_MS: '500' } });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect(code).toBe(1);
      expect(err).toContain(`no answer from the operator at 127.0.0.1:${port} within 0.5s; is the stack up?`);
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

