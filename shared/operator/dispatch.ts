/**
 * The operator entry point's use case: validate the request, run the command, audit the call.
 * Permanent failures come back as `{ ok: false, error }` (the CLI prints them); transient ones throw,
 * so the caller sees a Lambda error and may retry.
 */
import { z } from 'zod';
import { FleetwardenError, isPermanent, describeError } from '../domain/errors.ts';
import type { RuntimeDeps } from '../runtime/deps.ts';
import { parseWith } from '../runtime/parse.ts';
import type { OperatorCommand } from './command.ts';

export const operatorRequestSchema = z
  .object({
    command: z.string().min(1),
    actor: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'must name the engineer (1-64 letters, digits, ".", "_", "@", "-")'),
    reason: z.string().trim().min(1).max(1000).optional(),
    input: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export type OperatorResponse = { ok: true; result: unknown } | { ok: false; error: Record<string, unknown> };

export async function dispatch(
  commands: ReadonlyMap<string, OperatorCommand>,
  raw: unknown,
  deps: RuntimeDeps,
  requestId: string,
): Promise<OperatorResponse> {
  let request: z.infer<typeof operatorRequestSchema> | undefined;
  try {
    request = parseWith(operatorRequestSchema, raw, 'operator request');
    const cmd = commands.get(request.command);
    if (cmd === undefined) {
      return rejected(`unknown command "${request.command}"; known: ${[...commands.keys()].join(', ')}`);
    }
    if (cmd.mutating && request.reason === undefined) return rejected(`"${cmd.name}" changes the fleet: give a reason`);
    const input = parseWith(cmd.input, request.input, `${cmd.name} input`);
    const result = await cmd.run(input, { deps, actor: { kind: 'engineer', id: request.actor }, reason: request.reason, requestId });
    if (cmd.mutating) await audit(deps, request, requestId, 'ok');
    return { ok: true, result };
  } catch (error) {
    if (!isPermanent(error)) throw error;
    if (request !== undefined && commands.get(request.command)?.mutating) await audit(deps, request, requestId, 'rejected', error);
    return { ok: false, error: (error as FleetwardenError).toJSON() };
  }
}

function rejected(message: string): OperatorResponse {
  return { ok: false, error: { name: 'ValidationError', message, kind: 'permanent' } };
}

async function audit(
  deps: RuntimeDeps,
  request: z.infer<typeof operatorRequestSchema>,
  requestId: string,
  outcome: 'ok' | 'rejected',
  error?: unknown,
): Promise<void> {
  await deps.operatorLog.append({
    at: deps.clock().toISOString(),
    requestId,
    actor: request.actor,
    command: request.command,
    ...(request.reason === undefined ? {} : { reason: request.reason }),
    input: request.input,
    outcome,
    ...(error === undefined ? {} : { error: describeError(error) }),
  });
}
