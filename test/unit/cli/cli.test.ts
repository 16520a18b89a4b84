import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLI_COMMANDS } from '../../../cli/commands/index.ts';
import { renderTop, type TopSnapshot } from '../../../cli/commands/top.ts';
import { closeIds, table } from '../../../cli/format.ts';
import { checkExample, commandHelp, main, splitWords } from '../../../cli/main.ts';
import { makeUi, plainIo, progressBar } from '../../../cli/terminal.ts';

const NO_STACK = '/nonexistent/warden-stack.json';

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.WARDEN_STACK_FILE;
});

function capture() {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  return () => errors.mock.calls.flat().join('\n');
}

describe('help', () => {
  it.each(CLI_COMMANDS.map((c) => [c.name, c] as const))('%s --help has working examples', (_name, cmd) => {
    expect(cmd.examples.length).toBeGreaterThan(0);
    for (const example of cmd.examples) expect(checkExample(cmd, example), example).toBeUndefined();
    const help = commandHelp(cmd);
    expect(help).toContain(`usage: ${cmd.usage}`);
    for (const example of cmd.examples) expect(help).toContain(`  ${example}`);
  });

  it('catches an example that would not run', () => {
    const freeze = CLI_COMMANDS.find((c) => c.name === 'freeze')!;
    expect(checkExample(freeze, 'warden freeze --scope fleet --reason x')).toBe('missing --expires');
    expect(checkExample(freeze, 'warden freeze --bogus')).toMatch(/Unknown option '--bogus'/);
  });

  it('prints a command\'s help with exit 0, and the command list for `warden help` without a command', async () => {
    const lines: string[] = [];
    expect(await main(['transition', '--help'], (t) => lines.push(t), plainIo())).toBe(0);
    expect(lines.join('\n')).toContain('examples:\n  warden transition pg-00001-1 restart');
    expect(await main(['help', 'top'], (t) => lines.push(t), plainIo())).toBe(0);
    expect(lines.at(-1)).toContain('usage: warden top');
    expect(await main(['--help'], (t) => lines.push(t), plainIo())).toBe(0);
    expect(lines.at(-1)).toMatch(/\n {2}top\s+a live fleet view/);
  });

  it('splits examples as a shell would, with a trailing comment dropped', () => {
    expect(splitWords('warden x "a b" \'c d\' e   # note here')).toEqual(['warden', 'x', 'a b', 'c d', 'e']);
  });
});

describe('confirmation', () => {
  const wide = [
    ['freeze', '--scope', 'fleet', '--expires', '1h', '--reason', 'x'],
    ['freeze', '--scope', 'zone:us-east-1a', '--expires', '1h', '--reason', 'x'],
    ['freeze', '--scope', 'service:redis', '--expires', '1h', '--reason', 'x'],
    ['transition', 'pg-1', 'retiring', '--reason', 'x'],
    ['transition', 'pg-1', 'retired', '--reason', 'x'],
    ['transition', 'pg-1', 'archived', '--reason', 'x'],
    ['transition', 'pg-1', 'terminated', '--reason', 'x'],
    ['advisory', 'add', 'CVE-1', '--affects', 'pg:1', '--fixed-image', 'pg:2'],
    ['incident', 'release', 'incident:1', '--reason', 'x'],
  ];

  it.each(wide.map((argv) => [argv.join(' '), argv]))('%s: refused without --yes when nothing can be asked; nothing is sent', async (_, argv) => {
    process.env.WARDEN_STACK_FILE = NO_STACK;
    const errors = capture();
    expect(await main(argv, () => undefined, plainIo())).toBe(1);
    expect(errors()).toContain('refused without --yes (no terminal to ask on)');
    expect(errors()).not.toContain('no local stack');
  });

  it.each(wide.map((argv) => [argv.join(' '), argv]))('%s: goes ahead with --yes, or a yes at the terminal', async (_, argv) => {
    process.env.WARDEN_STACK_FILE = NO_STACK;
    const errors = capture();
    expect(await main([...argv, '--yes'], () => undefined, plainIo())).toBe(1);
    expect(await main(argv, () => undefined, plainIo({ interactive: true, ask: async () => true }))).toBe(1);
    // Past the question, it looks for a stack: the confirmation let it through.
    expect(errors().match(/no local stack is running/g)).toHaveLength(2);
  });

  it('asks on a terminal and stops on anything but yes', async () => {
    process.env.WARDEN_STACK_FILE = NO_STACK;
    const errors = capture();
    const asked: string[] = [];
    const io = plainIo({ interactive: true, ask: async (q) => (asked.push(q), false) });
    expect(await main(['freeze', '--scope', 'fleet', '--expires', '1h', '--reason', 'x'], () => undefined, io)).toBe(1);
    expect(asked).toEqual(['stop automation acting on fleet until 1h?']);
    expect(errors()).toContain('not confirmed: nothing was changed');
  });

  it.each([
    ['freeze', '--scope', 'instance:pg-1', '--expires', '1h', '--reason', 'x'],
    ['transition', 'pg-1', 'restart', '--reason', 'x'],
    ['advisory', 'add', 'CVE-1', '--affects', 'pg:1'],
    ['incident', 'resolve', 'incident:1', '--reason', 'x'],
    ['freeze', '--scope', 'fleet', '--expires', '1h', '--reason', 'x', '--dry-run'],
  ].map((argv) => [argv.join(' '), argv]))('%s: no question', async (_, argv) => {
    process.env.WARDEN_STACK_FILE = NO_STACK;
    const errors = capture();
    expect(await main(argv, () => undefined, plainIo())).toBe(1);
    expect(errors()).toContain('no local stack is running (start one with `npm start`)');
  });
});

describe('output for people', () => {
  it('aligns columns on what is shown, colour codes taking no room', () => {
    const ui = makeUi(plainIo({ tty: true }));
    const out = table(['state', 'n'], [[ui.state('available'), 1], ['restart', 22]]);
    expect(out.replace(/\u001b\[\d+m/g, '').split('\n')).toEqual(['state      n', '---------  --', 'available  1', 'restart    22']);
    expect(out).toContain('\u001b[32mavailable\u001b[39m');
  });

  it('plain when piped: no escape codes, ISO times; relative times on a terminal', () => {
    const now = new Date('2026-12-06T08:00:00Z');
    const piped = makeUi(plainIo({ now: () => now }));
    expect(piped.state('failed')).toBe('failed');
    expect(piped.time('2026-12-06T07:57:00.000Z')).toBe('2026-12-06T07:57:00.000Z');
    const tty = makeUi(plainIo({ tty: true, now: () => now }));
    expect(tty.time('2026-12-06T07:57:00.000Z')).toBe('3m ago');
    expect(tty.state('failed')).toBe('\u001b[31mfailed\u001b[39m');
  });

  it('draws a progress bar', () => {
    expect(progressBar(3, 12, 12)).toBe('[###---------] 3 of 12');
    expect(progressBar(0, 0, 4)).toBe('[####] 0 of 0');
  });

  it('suggests close instance ids, closest first, and none when nothing is close', () => {
    const ids = ['pg-00001-1', 'pg-00010-1', 'pg-00011-1', 'rd-00001-1', 'kf-12345-2'];
    expect(closeIds('pg-00001-2', ids)).toEqual(['pg-00001-1', 'pg-00011-1', 'pg-00010-1']);
    expect(closeIds('zzzzzzzz', ids)).toEqual([]);
  });
});

describe('warden top', () => {
  it('shows counts by state, conditions under remediation, tasks by status, incidents, freezes and the ingestion lag', () => {
    const task = (condition: string, status: string, outcome = status) => ({ condition, status, outcome }) as TopSnapshot['tasks'][number];
    const s = {
      counts: { total: 12, byState: { available: 10, restart: 2 }, byService: {} },
      detection: { held: false, summary: '', scopes: [], intake: { frontier: '2026-12-06T07:59:15.000Z', processedAt: '2026-12-06T07:59:20.000Z' } },
      tasks: [task('down', 'running'), task('down', 'waiting'), task('disk-full', 'running'), task('down', 'succeeded'), task('down', 'escalated')],
      incidents: [{ id: 'incident:zone=a', scope: { kind: 'zone', zone: 'a' }, status: 'open', counts: { failed: 4, population: 10 } }],
      freezes: [{ id: 'f1', scope: { kind: 'service', service: 'redis' }, expiresAt: '2026-12-06T09:00:00.000Z' }],
    } as unknown as TopSnapshot;
    const frame = renderTop(s, makeUi(plainIo()), new Date('2026-12-06T08:00:00Z'), 'local');
    expect(frame).toContain('12 instances');
    expect(frame).toMatch(/available\s+restart\n-+\s+-+\n10\s+2/);
    expect(frame).toContain('conditions under remediation: down 2  disk-full 1');
    expect(frame).toContain('tasks by status (latest 5): running 2  escalated 1  succeeded 1  waiting 1');
    expect(frame).toContain('incidents open: incident:zone=a (zone a, open, 4 of 10 failed)');
    expect(frame).toContain('freezes in force: service redis until 2026-12-06T09:00:00.000Z');
    expect(frame).toContain('ingestion lag: 45 s');
  });
});
