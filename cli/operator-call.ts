/** Sends one operator command and unwraps the `{ ok, result | error }` answer. */
import { userInfo } from 'node:os';
import { CliError, invokeFunction, type Target } from './target.ts';

export function defaultActor(): string {
  return (process.env.WARDEN_ACTOR ?? userInfo().username).replace(/[^A-Za-z0-9._@-]/g, '-').slice(0, 64) || 'unknown';
}

export async function callOperator(
  target: Target,
  command: string,
  input: Record<string, unknown>,
  opts: { actor?: string | undefined; reason?: string | undefined } = {},
): Promise<unknown> {
  const response = (await invokeFunction(target, 'operator', {
    command,
    actor: opts.actor ?? defaultActor(),
    ...(opts.reason === undefined ? {} : { reason: opts.reason }),
    input,
  })) as { ok: boolean; result?: unknown; error?: { name?: string; message?: string } };
  if (!response.ok) throw new CliError(`${response.error?.name ?? 'Error'}: ${response.error?.message ?? 'refused'}`);
  return response.result;
}
