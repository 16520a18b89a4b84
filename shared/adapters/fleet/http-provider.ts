import { randomUUID } from 'node:crypto';
import type * as z from 'zod';
import { ValidationError } from '../../domain/errors.ts';
import type { ActionReceipt, FleetAction, FleetProvider } from '../../domain/fleet.ts';
import { FleetActionRejectedError, FleetResponseInvalidError, FleetUnavailableError, type FleetRequestTarget } from './errors.ts';
import { attemptOnce, backoffMs, type AttemptResult } from './http-attempt.ts';
import { cacheKey, type KeyCache, type KeySource } from './key-source.ts';
import { signRequest } from './signing.ts';
import { ACTIONS_PATH, ActionReceiptSchema, HealthProbeSchema, IDEMPOTENCY_HEADER, describeIssues, healthPath, type FleetProbe } from './wire.ts';

export interface HttpProviderOptions {
  /** `https://...`; plain `http://` only for 127.0.0.1 or localhost (tests, a local fake control plane). */
  baseUrl: string;
  keySource: KeySource;
  /** Per attempt, headers and body together. Default 5000. */
  timeoutMs?: number;
  /** Attempts in all, first included. Default 3. */
  attempts?: number;
  backoff?: { baseMs?: number; maxMs?: number };
  /** How long a fetched key is used before it is read again. Default 5 minutes. */
  keyTtlMs?: number;
  now?: () => Date;
  random?: () => number;
  fetch?: typeof fetch;
}

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body: string;
  headers: Record<string, string>;
  target: FleetRequestTarget;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The fleet port over a real control plane: signed JSON requests, bounded by a timeout, retried with backoff
 * on 5xx, 429, timeouts and network errors; other 4xx are final. A 401 re-reads the key once in case it was
 * rotated.
 */
export class HttpControlPlaneProvider implements FleetProvider {
  readonly name = 'http';
  private readonly origin: string;
  /** Any path prefix of the base URL, without a trailing slash (`/prod`, or empty). */
  private readonly prefix: string;
  private readonly keys: KeyCache;
  private readonly now: () => Date;

  constructor(private readonly options: HttpProviderOptions) {
    const base = checkBaseUrl(options.baseUrl);
    this.origin = base.origin;
    this.prefix = base.pathname.replace(/\/+$/, '');
    this.now = options.now ?? (() => new Date());
    this.keys = cacheKey(options.keySource, options.keyTtlMs ?? 300_000, this.now);
  }

  async perform(action: FleetAction): Promise<ActionReceipt> {
    const body = JSON.stringify({ kind: action.kind, instanceId: action.instanceId, params: action.params ?? {} });
    const headers = { 'content-type': 'application/json', [IDEMPOTENCY_HEADER]: action.idempotencyKey };
    const target = { operation: action.kind, instanceId: action.instanceId };
    const text = await this.call({ method: 'POST', path: ACTIONS_PATH, body, headers, target });
    return parseBody(text, ActionReceiptSchema, target);
  }

  /** A probe changes nothing, but carries a key too (one per probe, kept across its retries) so every request can be traced and deduplicated alike. */
  async probe(instanceId: string): Promise<FleetProbe> {
    const target = { operation: 'probe' as const, instanceId };
    const headers = { [IDEMPOTENCY_HEADER]: `probe:${instanceId}:${randomUUID()}` };
    const text = await this.call({ method: 'GET', path: healthPath(instanceId), body: '', headers, target });
    return parseBody(text, HealthProbeSchema, target);
  }

  private async call(call: Call): Promise<string> {
    const key = await this.keys.get();
    try {
      return await this.withRetries(call, key);
    } catch (error) {
      if (!(error instanceof FleetActionRejectedError) || error.status !== 401) throw error;
      this.keys.invalidate();
      const fresh = await this.keys.get();
      if (fresh === key) throw error;
      return this.withRetries(call, fresh);
    }
  }

  private async withRetries(call: Call, key: string): Promise<string> {
    const attempts = Math.max(1, this.options.attempts ?? 3);
    let last: Extract<AttemptResult, { kind: 'retryable' }> | undefined;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      if (last !== undefined) await sleep(this.delay(attempt - 1, last.retryAfterMs));
      const result = await attemptOnce(this.options.fetch ?? fetch, this.request(call, key));
      if (result.kind === 'ok') return result.body;
      if (result.kind === 'rejected') throw new FleetActionRejectedError(result.status, result.message, call.target);
      last = result;
    }
    const reason = last?.reason ?? 'network';
    throw new FleetUnavailableError(reason, attempts, call.target, { cause: last?.cause ?? new Error(last?.detail ?? reason) });
  }

  /** One attempt: signed afresh (a new timestamp and nonce), for the host it goes to and with its idempotency key. */
  private request(call: Call, key: string) {
    const url = new URL(`${this.origin}${this.prefix}${call.path}`);
    const path = `${url.pathname}${url.search}`;
    const idempotencyKey = call.headers[IDEMPOTENCY_HEADER] ?? '';
    const signature = signRequest(key, { method: call.method, host: url.host, path, idempotencyKey, body: call.body }, this.now());
    const headers = { accept: 'application/json', ...call.headers, ...signature };
    const body = call.method === 'GET' ? undefined : call.body;
    return { url, method: call.method, headers, body, timeoutMs: this.options.timeoutMs ?? 5000 };
  }

  private delay(attempt: number, retryAfterMs: number | undefined): number {
    const { baseMs = 100, maxMs = 2000 } = this.options.backoff ?? {};
    return backoffMs(attempt, { baseMs, maxMs }, this.options.random ?? Math.random, retryAfterMs);
  }
}

function checkBaseUrl(raw: string): URL {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  const secure = url?.protocol === 'https:' || (url?.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
  if (url === undefined || !secure || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new ValidationError('fleet control-plane base URL', [`${raw} must be an https URL without query or credentials (plain http only for 127.0.0.1 or localhost)`]);
  }
  return url;
}

function parseBody<T>(text: string, schema: z.ZodType<T>, target: FleetRequestTarget): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FleetResponseInvalidError(target, ['body is not JSON'], { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new FleetResponseInvalidError(target, describeIssues(parsed.error), { cause: parsed.error });
  return parsed.data;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
