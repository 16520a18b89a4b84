/**
 * The two ways a call reaches the operator, turned into a caller and a request body:
 * - through its Function URL (AuthType AWS_IAM): AWS verified the SigV4 signature before the function ran, and
 *   `requestContext.authorizer.iam` names the signer. The stage's role mappings give it a role.
 * - by a direct Lambda invoke: no verified identity reaches the function, so it may read and nothing else.
 */
import * as z from 'zod';
import { roleOf, type Caller, type RoleMapping } from '../domain/access/roles.ts';
import { ValidationError } from '../domain/errors.ts';
import { parseJson, parseWith } from '../runtime/parse.ts';
import { checkBounds, checkPayloadSize } from './limits.ts';

/** The principal recorded for a direct invoke: Lambda does not tell the function who invoked it. */
export const DIRECT_INVOKE = 'lambda:invoke';
/** The principal recorded for a URL call that carries no IAM identity (a URL not set to AWS_IAM). */
export const ANONYMOUS = 'anonymous';

const functionUrlEventSchema = z.object({
  version: z.literal('2.0'),
  requestContext: z.object({
    http: z.object({ method: z.string() }),
    authorizer: z
      .object({ iam: z.object({ userArn: z.string().min(1), accountId: z.string(), userId: z.string() }).nullish() })
      .nullish(),
  }),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().optional(),
});

export interface OperatorCall {
  caller: Caller;
  /** The parsed body, or the error that stopped it (still audited as a rejected call). */
  body: unknown;
  bodyError?: ValidationError;
  /** A URL call is answered as HTTP; a direct invoke gets the response object itself. */
  http: boolean;
}

export function isFunctionUrlEvent(event: unknown): boolean {
  const e = event as { version?: unknown; requestContext?: { http?: unknown } } | null;
  return typeof e === 'object' && e !== null && e.version === '2.0' && typeof e.requestContext?.http === 'object';
}

export function readCall(event: unknown, mappings: readonly RoleMapping[]): OperatorCall {
  if (!isFunctionUrlEvent(event)) {
    return withBody({ caller: { principal: { arn: DIRECT_INVOKE, accountId: '', userId: '' }, role: 'viewer', via: 'invoke' }, body: undefined, http: false }, () => {
      checkBounds(event);
      return event;
    });
  }
  const url = parseWith(functionUrlEventSchema, event, 'Function URL event');
  const iam = url.requestContext.authorizer?.iam ?? undefined;
  const principal = iam === undefined || iam === null ? { arn: ANONYMOUS, accountId: '', userId: '' } : { arn: iam.userArn, accountId: iam.accountId, userId: iam.userId };
  const caller: Caller = { principal, role: principal.arn === ANONYMOUS ? undefined : roleOf(principal.arn, mappings), via: 'url' };
  return withBody({ caller, body: undefined, http: true }, () => {
    if (url.requestContext.http.method !== 'POST') throw new ValidationError('operator request', [`use POST, not ${url.requestContext.http.method}`]);
    const raw = url.body ?? '';
    const text = url.isBase64Encoded === true ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    checkPayloadSize(text);
    const body = parseJson(text, 'operator request');
    checkBounds(body);
    return body;
  });
}

function withBody(call: OperatorCall, read: () => unknown): OperatorCall {
  try {
    return { ...call, body: read() };
  } catch (error) {
    if (error instanceof ValidationError) return { ...call, bodyError: error };
    throw error;
  }
}

/** A Function URL answer: 200 with the result, 403 for a refusal by role, 400 for any other rejection. */
export function httpAnswer(response: { ok: boolean; error?: Record<string, unknown> }) {
  const statusCode = response.ok ? 200 : response.error?.name === 'AccessDeniedError' ? 403 : 400;
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(response) };
}
