/**
 * The operator door's use case. For every call: who is calling (verified by the Function URL, or a direct
 * invoke that may only read), what they ask, whether their role allows it, and a trail in the audit log:
 * the intent before a change and the outcome after, refusals and malformed calls included.
 * Permanent failures come back as `{ ok: false, error }`; transient ones throw, so the caller may retry.
 */
import * as z from 'zod';
import type { AuditOutcome, OperatorAuditEntry } from '../adapters/dynamo/operator-audit-log.ts';
import { authorize, type Caller } from '../domain/access/roles.ts';
import { AccessDeniedError, BreakGlassRequiredError, FleetwardenError, ValidationError, isPermanent, describeError } from '../domain/errors.ts';
import { breakGlassUsed } from '../domain/events.ts';
import { logger } from '../runtime/logger.ts';
import { parseWith } from '../runtime/parse.ts';
import { accessFor, type CommandContext, type OperatorCommand, type OperatorDeps } from './command.ts';
import { boundedForAudit, printableCommand } from './limits.ts';
import type { OperatorCall } from './request.ts';

export const operatorRequestSchema = z
  .object({
    command: z.string().min(1).max(64),
    reason: z.string().trim().min(1).max(1000).optional(),
    /** The change ticket a break-glass action is done under (INC-123, CHG-9, a URL path). */
    ticket: z.string().trim().regex(/^[A-Za-z0-9][\w.:#/-]{0,79}$/, 'must be a ticket reference (letters, digits, . _ : # / -)').optional(),
    breakGlass: z.boolean().default(false),
    /** A name the caller typed; kept as a note beside the verified principal, never as the actor. */
    note: z.string().max(64).optional(),
    input: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type OperatorRequest = z.infer<typeof operatorRequestSchema>;

export type OperatorResponse = { ok: true; result: unknown } | { ok: false; error: Record<string, unknown> };

export async function dispatch(
  commands: ReadonlyMap<string, OperatorCommand>,
  call: OperatorCall,
  deps: OperatorDeps,
  requestId: string,
): Promise<OperatorResponse> {
  const trail = new Trail(deps, call.caller, requestId, call.body);
  try {
    // What was asked is read first (bounded already), so that even a refused call is audited by its fields.
    const described = call.bodyError === undefined ? operatorRequestSchema.safeParse(call.body) : undefined;
    if (described?.success === true) trail.request = described.data;
    authorize(call.caller, 'viewer', 'any operator command');
    if (call.bodyError !== undefined) throw call.bodyError;
    const request = parseWith(operatorRequestSchema, call.body, 'operator request');
    trail.request = request;
    const cmd = commands.get(request.command);
    if (cmd === undefined) {
      throw new ValidationError('operator request', [`unknown command ${printableCommand(request.command)}; known: ${[...commands.keys()].join(', ')}`]);
    }
    trail.mutating = cmd.mutating;
    if (cmd.mutating && request.reason === undefined) throw new ValidationError('operator request', [`"${cmd.name}" changes the fleet: give a reason`]);
    const input = parseWith(cmd.input, request.input, `${cmd.name} input`);
    const ctx: CommandContext = { deps, actor: { kind: 'engineer', id: call.caller.principal.arn }, reason: request.reason, requestId };
    const access = await accessFor(cmd, input, ctx);
    authorize(call.caller, access.role, access.what);
    if (access.breakGlass === true) ctx.breakGlass = { ticket: breakGlassTicket(request, access.what) };
    else if (request.breakGlass) throw new ValidationError('operator request', [`${access.what} is not a break-glass action: leave --break-glass off`]);
    if (cmd.mutating) await trail.intent(await cmd.subject?.(input, ctx));
    const result = await cmd.run(input, ctx);
    if (ctx.breakGlass !== undefined) {
      const at = deps.clock().toISOString();
      await deps.events.publish([breakGlassUsed({
        requestId, at, principal: call.caller.principal.arn, command: cmd.name, input: boundedForAudit(input),
        ticket: ctx.breakGlass.ticket, reason: request.reason ?? '', what: access.what,
      })]);
    }
    await trail.outcome('ok', undefined, cmd.mutating ? { after: boundedForAudit(await cmd.subject?.(input, ctx) ?? result) } : {});
    return { ok: true, result };
  } catch (error) {
    if (!isPermanent(error)) {
      // The change failed midway; its intent is written. If the outcome cannot be, say so and still surface the failure.
      await trail.outcome('failed', error).catch((auditError: unknown) =>
        logger.error('operator audit: the failed outcome could not be written', { requestId, error: describeError(auditError) }),
      );
      throw error;
    }
    await trail.outcome(error instanceof AccessDeniedError ? 'refused' : 'rejected', error);
    return { ok: false, error: (error as FleetwardenError).toJSON() };
  }
}

/** The papers of a break-glass action: the flag, a ticket and a reason (the reason is required already). */
function breakGlassTicket(request: OperatorRequest, what: string): string {
  const missing = [...(request.breakGlass ? [] : ['--break-glass']), ...(request.ticket === undefined ? ['--ticket REF'] : [])];
  if (missing.length > 0 || request.ticket === undefined) throw new BreakGlassRequiredError(what, missing);
  return request.ticket;
}

/** One call's entries in the audit log: bounded, so a hostile input is traced without breaking the write. */
class Trail {
  request: OperatorRequest | undefined;
  mutating = false;
  private before: unknown;

  constructor(
    private readonly deps: OperatorDeps,
    private readonly caller: Caller,
    private readonly requestId: string,
    private readonly body: unknown,
  ) {}

  async intent(before: unknown): Promise<void> {
    this.before = boundedForAudit(before);
    await this.deps.audit.append({ ...this.entry('intent'), ...(before === undefined ? {} : { before: this.before }) });
  }

  async outcome(outcome: AuditOutcome, error?: unknown, change: { after?: unknown } = {}): Promise<void> {
    await this.deps.audit.append({
      ...this.entry('outcome'),
      outcome,
      ...(error === undefined ? {} : { error: describeError(error).slice(0, 1000) }),
      ...(this.before === undefined ? {} : { before: this.before }),
      ...change,
    });
  }

  private entry(phase: OperatorAuditEntry['phase']): OperatorAuditEntry {
    const r = this.request;
    const raw = (typeof this.body === 'object' && this.body !== null ? this.body : {}) as Record<string, unknown>;
    return {
      requestId: this.requestId,
      phase,
      at: this.deps.clock().toISOString(),
      principal: this.caller.principal.arn,
      role: this.caller.role ?? 'none',
      via: this.caller.via,
      command: r?.command ?? printableCommand(raw.command),
      input: boundedForAudit(r?.input ?? (r === undefined ? this.body : undefined)),
      ...(r?.reason === undefined ? {} : { reason: r.reason }),
      ...(r?.ticket === undefined ? {} : { ticket: r.ticket }),
      ...(r?.breakGlass === true ? { breakGlass: true } : {}),
      ...(r?.note === undefined ? {} : { note: r.note }),
    };
  }
}
