/**
 * Size limits on what reaches the operator, checked before any schema runs and without recursion, so a
 * 1 MiB field or a value nested 5,000 levels deep is refused with a clear error instead of overflowing the
 * stack or failing the audit write. Rejections are audited in a bounded form (`boundedForAudit`).
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../domain/errors.ts';

export const LIMITS = {
  /** The whole request body, in bytes (UTF-8). */
  payloadBytes: 64 * 1024,
  /** Objects and arrays nested inside one another. */
  depth: 8,
  /** Any one string. */
  stringLength: 4096,
  /** Any one array, and the keys of any one object. */
  entries: 1000,
  /** What the audit log keeps of an input, a result or a before/after (bigger ones are summarised). */
  auditBytes: 4096,
} as const;

/** @throws ValidationError when the body is larger than the payload cap. */
export function checkPayloadSize(body: string): void {
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > LIMITS.payloadBytes) {
    throw new ValidationError('operator request', [`the request is ${bytes} bytes; at most ${LIMITS.payloadBytes} are accepted`]);
  }
}

/**
 * Walks a parsed value breadth first and refuses the first limit it breaks, naming where.
 * @throws ValidationError naming the path and the limit.
 */
export function checkBounds(value: unknown): void {
  const queue: { value: unknown; path: string; depth: number }[] = [{ value, path: '(root)', depth: 0 }];
  let total = 0;
  for (let i = 0; i < queue.length; i++) {
    const { value: v, path, depth } = queue[i]!;
    if (typeof v === 'string') {
      total += v.length;
      if (v.length > LIMITS.stringLength) fail(`${path}: a string of ${v.length} characters; at most ${LIMITS.stringLength}`);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= LIMITS.depth) fail(`${path}: nested deeper than ${LIMITS.depth} levels`);
    const entries = Array.isArray(v) ? v.map((item, k) => [String(k), item] as const) : Object.entries(v);
    if (entries.length > LIMITS.entries) fail(`${path}: ${entries.length} entries; at most ${LIMITS.entries}`);
    for (const [key, item] of entries) {
      total += key.length;
      if (key.length > LIMITS.stringLength) fail(`${path}: a key of ${key.length} characters; at most ${LIMITS.stringLength}`);
      queue.push({ value: item, path: path === '(root)' ? safeKey(key) : `${path}.${safeKey(key)}`, depth: depth + 1 });
    }
    if (total > LIMITS.payloadBytes) fail(`the request holds more than ${LIMITS.payloadBytes} characters`);
  }
}

function fail(issue: string): never {
  throw new ValidationError('operator request', [issue]);
}

/** A key as it may appear in an error message: short, printable. */
function safeKey(key: string): string {
  return /^[\w.-]{1,40}$/.test(key) ? key : `[${JSON.stringify(key.slice(0, 20))}${key.length > 20 ? '...' : ''}]`;
}

/** A command name as it may be echoed back: only a plausible one is named; anything else is described. */
export function printableCommand(command: unknown): string {
  if (typeof command === 'string' && /^[a-z][a-z0-9-]{0,39}$/.test(command)) return command;
  if (typeof command === 'string') return `(a ${command.length}-character name)`;
  return `(${command === null ? 'null' : typeof command})`;
}

/**
 * What the audit log keeps of a value: the value itself when its JSON is small, otherwise its size, hash and
 * the first characters, so an oversized or hostile input is still traced without breaking the write.
 */
export function boundedForAudit(value: unknown): unknown {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return { unserialisable: true };
  }
  if (json === undefined) return undefined;
  if (json.length <= LIMITS.auditBytes) return value;
  return {
    truncated: true,
    bytes: Buffer.byteLength(json, 'utf8'),
    sha256: createHash('sha256').update(json).digest('hex'),
    preview: json.slice(0, 512),
  };
}
