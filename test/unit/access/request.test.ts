import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { boundedForAudit, checkBounds, LIMITS, printableCommand } from '../../../shared/operator/limits.ts';
import { ANONYMOUS, DIRECT_INVOKE, httpAnswer, readCall } from '../../../shared/operator/request.ts';

/** AWS's published Function URL request with IAM auth (Lambda developer guide; test/fixtures/function-url-iam.json). */
const sample = JSON.parse(readFileSync('test/fixtures/function-url-iam.json', 'utf8')) as Record<string, any>;
const MAPPINGS = [{ principal: 'arn:aws:iam::111122223333:user/example-user', role: 'operator' as const }];

const urlCall = (body: string, patch: (e: Record<string, any>) => void = () => undefined) => {
  const event = structuredClone(sample);
  event.body = body;
  patch(event);
  return readCall(event, MAPPINGS);
};

describe('reading a call to the operator', () => {
  it("takes the caller from AWS's Function URL event: the verified signer, and the role the stage maps it to", () => {
    const call = urlCall(JSON.stringify({ command: 'status' }));
    expect(call.caller).toEqual({ principal: { arn: 'arn:aws:iam::111122223333:user/example-user', accountId: '111122223333', userId: 'AIDA...' }, role: 'operator', via: 'url' });
    expect(call).toMatchObject({ http: true, body: { command: 'status' } });
  });

  it('reads a base64 body as Lambda passes binary ones', () => {
    const call = urlCall(Buffer.from(JSON.stringify({ command: 'list' })).toString('base64'), (e) => (e.isBase64Encoded = true));
    expect(call.body).toEqual({ command: 'list' });
  });

  it('gives an unmapped signer no role, and a URL event without IAM identity the anonymous principal', () => {
    expect(urlCall('{}', (e) => (e.requestContext.authorizer.iam.userArn = 'arn:aws:iam::111122223333:user/mallory')).caller.role).toBeUndefined();
    const anonymous = urlCall('{}', (e) => (e.requestContext.authorizer = null)).caller;
    expect(anonymous).toMatchObject({ principal: { arn: ANONYMOUS }, role: undefined });
  });

  it('treats a direct invoke as a reader with no verified identity', () => {
    const call = readCall({ command: 'status' }, MAPPINGS);
    expect(call).toMatchObject({ http: false, caller: { principal: { arn: DIRECT_INVOKE }, role: 'viewer', via: 'invoke' }, body: { command: 'status' } });
  });

  it('refuses, without parsing further, a body over the cap, not JSON, or not a POST', () => {
    const big = urlCall(JSON.stringify({ command: 'freeze', reason: 'x'.repeat(LIMITS.payloadBytes) }));
    expect(big.bodyError?.issues[0]).toMatch(/^the request is \d+ bytes; at most 65536 are accepted$/);
    expect(urlCall('{"command":').bodyError).toBeInstanceOf(ValidationError);
    expect(urlCall('{}', (e) => (e.requestContext.http.method = 'GET')).bodyError?.issues).toEqual(['use POST, not GET']);
  });

  it('refuses a value nested 5,000 levels deep without overflowing the stack', () => {
    const deep = `{"command":"status","input":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(urlCall(deep).bodyError?.issues).toEqual(['input.0.0.0.0.0.0.0: nested deeper than 8 levels']);
    let nested: unknown = {};
    for (let i = 0; i < 5000; i++) nested = { a: nested };
    expect(readCall({ command: 'status', input: nested }, MAPPINGS).bodyError).toBeInstanceOf(ValidationError);
  });

  it('answers a URL call as HTTP: 200, 403 for a refusal by role, 400 otherwise', () => {
    expect(httpAnswer({ ok: true }).statusCode).toBe(200);
    expect(httpAnswer({ ok: false, error: { name: 'AccessDeniedError' } }).statusCode).toBe(403);
    expect(httpAnswer({ ok: false, error: { name: 'ValidationError' } })).toMatchObject({ statusCode: 400, headers: { 'content-type': 'application/json' } });
  });
});

describe('input limits', () => {
  it('refuses long strings, long arrays and wide objects, naming where', () => {
    expect(() => checkBounds({ input: { reason: 'x'.repeat(LIMITS.stringLength + 1) } })).toThrow('input.reason: a string of 4097 characters; at most 4096');
    expect(() => checkBounds({ input: { ids: new Array(1001).fill('a') } })).toThrow('input.ids: 1001 entries; at most 1000');
    expect(() => checkBounds({ input: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, 1])) })).toThrow('input: 1001 entries; at most 1000');
    expect(() => checkBounds({ command: 'status', input: { scope: 'fleet', expires: '2h' } })).not.toThrow();
  });

  it('never echoes a strange command name', () => {
    expect(printableCommand('freeze')).toBe('freeze');
    expect(printableCommand('x'.repeat(1_000_000))).toBe('(a 1000000-character name)');
    expect(printableCommand('<script>')).toBe('(a 8-character name)');
    expect(printableCommand(42)).toBe('(number)');
  });

  it('keeps small values for the audit log and summarises big or unserialisable ones', () => {
    expect(boundedForAudit({ scope: 'fleet' })).toEqual({ scope: 'fleet' });
    const big = boundedForAudit({ blob: 'y'.repeat(100_000) }) as Record<string, unknown>;
    expect(big).toMatchObject({ truncated: true, bytes: 100_011 });
    expect(String(big.preview)).toHaveLength(512);
    expect(big.sha256).toMatch(/^[0-9a-f]{64}$/);
    let nested: unknown = {};
    for (let i = 0; i < 20_000; i++) nested = { a: nested };
    expect(boundedForAudit(nested)).toEqual({ unserialisable: true });
  });
});
