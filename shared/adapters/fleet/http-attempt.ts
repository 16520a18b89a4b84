import type { UnavailableReason } from './errors.ts';
import { ErrorBodySchema } from './wire.ts';

export type AttemptResult =
  | { kind: 'ok'; status: number; body: string }
  | { kind: 'rejected'; status: number; message: string }
  | { kind: 'retryable'; reason: UnavailableReason; detail: string; retryAfterMs?: number; cause?: unknown };

export interface AttemptRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/**
 * One HTTP exchange, bounded by `timeoutMs` (headers and body alike), classified for the retry loop: 2xx ok;
 * 429, 5xx, network errors and timeouts retryable; anything else (4xx, an unexpected redirect) rejected.
 */
export async function attemptOnce(fetchFn: typeof fetch, request: AttemptRequest): Promise<AttemptResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    const { url, method, headers, body } = request;
    const response = await fetchFn(url, { method, headers, body, signal: controller.signal, redirect: 'manual' });
    const text = await response.text();
    return classify(response.status, text, response.headers.get('retry-after'));
  } catch (error) {
    if (controller.signal.aborted) return { kind: 'retryable', reason: 'timeout', detail: `no answer within ${request.timeoutMs} ms`, cause: error };
    return { kind: 'retryable', reason: 'network', detail: error instanceof Error ? error.message : String(error), cause: error };
  } finally {
    clearTimeout(timer);
  }
}

function classify(status: number, body: string, retryAfter: string | null): AttemptResult {
  if (status >= 200 && status < 300) return { kind: 'ok', status, body };
  const message = serverMessage(body, status);
  if (status !== 429 && status < 500) return { kind: 'rejected', status, message };
  const result: AttemptResult = { kind: 'retryable', reason: status === 429 ? 'throttled' : 'server-error', detail: `${status}: ${message}` };
  const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) result.retryAfterMs = seconds * 1000;
  return result;
}

/** The server's own words when it sent a `{ message }` body, else the start of whatever it sent. */
function serverMessage(body: string, status: number): string {
  try {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(body));
    if (parsed.success) return parsed.data.message;
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return body.trim().slice(0, 500) || `HTTP ${status}`;
}

/** Full-jitter exponential backoff: a random wait up to base * 2^(attempt-1), capped; at least Retry-After. */
export function backoffMs(attempt: number, options: { baseMs: number; maxMs: number }, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
  const jittered = random() * ceiling;
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, options.maxMs));
}
