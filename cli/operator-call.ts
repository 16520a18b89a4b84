/**
 * Sends one operator command through the operator's Function URL, signed with SigV4 (the caller's AWS
 * credentials; locally, a profile from .local/credentials), and unwraps the `{ ok, result | error }` answer.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { userInfo } from 'node:os';
import { signPost, type Credentials } from './signing.ts';
import { CliError, type Target } from './target.ts';

/** How long the CLI waits for an answer before saying so (a stack that does not answer). */
export const CALL_TIMEOUT_MS = Number(process.env.WARDEN_TIMEOUT_MS ?? 60_000);

/** The name the caller goes by, sent as a note: the actor recorded is always the verified principal. */
export function defaultActor(): string {
  return (process.env.WARDEN_ACTOR ?? userInfo().username).replace(/[^A-Za-z0-9._@-]/g, '-').slice(0, 64) || 'unknown';
}

export interface CallOptions {
  reason?: string | undefined;
  /** A name kept as a note beside the verified principal (--actor, WARDEN_ACTOR, the OS user). */
  actor?: string | undefined;
  breakGlass?: boolean | undefined;
  ticket?: string | undefined;
}

/** The change options every changing CLI command takes, from its parsed flags. */
export function changeOptions(values: Record<string, string | undefined>, flags: Record<string, boolean> = {}): CallOptions {
  return { reason: values.reason, actor: values.actor, ticket: values.ticket, breakGlass: flags['break-glass'] === true };
}

export async function callOperator(target: Target, command: string, input: Record<string, unknown>, opts: CallOptions = {}): Promise<unknown> {
  const door = await target.operatorDoor();
  const body = JSON.stringify({
    command,
    input,
    note: opts.actor ?? defaultActor(),
    ...(opts.reason === undefined ? {} : { reason: opts.reason }),
    ...(opts.ticket === undefined ? {} : { ticket: opts.ticket }),
    ...(opts.breakGlass === true ? { breakGlass: true } : {}),
  });
  const { status, text } = await postSigned(door.url, door.region, await door.credentials(), body);
  if (refusedAtTheDoor(status, text)) {
    throw new CliError(`the operator's URL refused the call before it ran (403 Forbidden): it was not signed by a principal allowed to invoke it (signed with ${door.signer})`);
  }
  let answer: { ok?: boolean; result?: unknown; error?: { name?: string; message?: string } };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    throw new CliError(`the operator answered ${status} with something that is not JSON: ${text.slice(0, 200)}`);
  }
  if (answer.ok === true) return answer.result;
  if (answer.error !== undefined) throw new CliError(`${answer.error.name ?? 'Error'}: ${answer.error.message ?? 'refused'}`);
  throw new CliError(`the operator failed (${status}): ${text.slice(0, 300)}`);
}

/** Lambda's own 403 for a Function URL call it would not pass to the function (unsigned, badly signed, not allowed). */
export function refusedAtTheDoor(status: number, text: string): boolean {
  return status === 403 && /"Message"\s*:\s*"Forbidden"/.test(text);
}

/** POSTs a JSON body to a Function URL, signed with SigV4 for `region`. */
export async function postSigned(url: URL, region: string, credentials: Credentials, body: string, timeoutMs = CALL_TIMEOUT_MS): Promise<{ status: number; text: string }> {
  const signed = await signPost(url, body, credentials, region);
  return post(url, signed.headers, body, timeoutMs);
}

function post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new CliError(`no answer from the operator at ${url.host} within ${timeoutMs / 1000}s; is the stack up? (WARDEN_TIMEOUT_MS sets how long to wait)`)));
    req.on('error', (error) => reject(error instanceof CliError ? error : new CliError(`cannot reach the operator at ${url.host}: ${error.message}`)));
    req.end(body);
  });
}
