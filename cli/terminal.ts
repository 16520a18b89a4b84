/**
 * What the CLI knows about where it writes and reads: on a terminal, colours, relative times, redrawing in
 * place and asking before a wide change; piped, plain text (ISO times, no escape codes) and never a question.
 */
import { createInterface } from 'node:readline/promises';
import { since } from './format.ts';

export interface CliIo {
  /** stdout is a terminal: colours, relative times, progress redrawn in place. */
  tty: boolean;
  /** stdin is a terminal: a confirmation may be asked. */
  interactive: boolean;
  /** Asks a yes/no question on the terminal; true only for an explicit yes. */
  ask(question: string): Promise<boolean>;
  /** Writes without a newline (progress bars, redraws). */
  write(text: string): void;
  /** Waits between refreshes of `top`, `--wait` and `--watch`. */
  sleep(ms: number): Promise<void>;
  now(): Date;
}

/** The process's own terminal. NO_COLOR turns colours off; FORCE_COLOR (or WARDEN_TTY=1) turns the terminal behaviour on. */
export function processIo(): CliIo {
  const forced = process.env.WARDEN_TTY === '1';
  return {
    tty: forced || process.stdout.isTTY === true,
    interactive: process.stdin.isTTY === true,
    ask: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return /^(y|yes)$/i.test((await rl.question(`${question} [y/N] `)).trim());
      } finally {
        rl.close();
      }
    },
    write: (text) => void process.stdout.write(text),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => new Date(),
  };
}

/** No terminal at all: what tests and pipes get. */
export function plainIo(overrides: Partial<CliIo> = {}): CliIo {
  return {
    tty: false,
    interactive: false,
    ask: async () => false,
    write: () => undefined,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => new Date(),
    ...overrides,
  };
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
export type Colour = keyof typeof CODES;

/** How a command writes for people: colours and relative times on a terminal, plain otherwise. */
export interface Ui {
  tty: boolean;
  paint(colour: Colour, text: string): string;
  /** A time: "3m ago" on a terminal, the ISO timestamp when piped (stable for scripts). */
  time(iso: string | undefined): string;
  /** A lifecycle state or outcome, coloured by how good it is. */
  state(text: string): string;
}

const GOOD = /^(available|succeeded|fixed|done|ok|resolved|released|lifted)$/;
const BAD = /^(failed|escalated|paged|down|terminated|impaired|open|held|refused|degraded)$/;
const CHANGING = /^(restart|installing|upgrading|retiring|running|pending|waiting|verifying|dry-run|frozen)$/;

export function makeUi(io: CliIo): Ui {
  const colours = io.tty && process.env.NO_COLOR === undefined;
  const paint = (colour: Colour, text: string) => {
    if (!colours || text === '') return text;
    const [on, off] = CODES[colour];
    return `\u001b[${on}m${text}\u001b[${off}m`;
  };
  return {
    tty: io.tty,
    paint,
    time: (iso) => (iso === undefined ? '' : io.tty ? since(iso, io.now()) : iso),
    state: (text) => (GOOD.test(text) ? paint('green', text) : BAD.test(text) ? paint('red', text) : CHANGING.test(text) ? paint('yellow', text) : text),
  };
}

/** The length of a string as shown: escape codes take no room. */
export function visibleLength(text: string): number {
  return stripAnsi(text).length;
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

/** `[########------------] 12 of 32` */
export function progressBar(done: number, total: number, width = 30): string {
  const ratio = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done} of ${total}`;
}

/** Clears the screen and puts the cursor home: `top` redraws in place. */
export const CLEAR_SCREEN = '\u001b[H\u001b[2J';
/** Back to the start of the line and clear it: a progress bar redrawn in place. */
export const REDRAW_LINE = '\r\u001b[2K';
