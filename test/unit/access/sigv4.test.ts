import { describe, expect, it } from 'vitest';
import { signPost } from '../../../cli/signing.ts';
import { functionUrlEvent, localPrincipals, verifySignature } from '../../../local/function-url.ts';
import { readCall } from '../../../shared/operator/request.ts';

const principals = localPrincipals();
const operator = principals.find((p) => p.profile === 'fleetwarden-local-operator')!;
const url = new URL('http://127.0.0.1:4321/');
const body = JSON.stringify({ command: 'status' });

async function signed(overrides: { body?: string; at?: Date; secret?: string; region?: string } = {}) {
  const credentials = { ...operator, secretAccessKey: overrides.secret ?? operator.secretAccessKey };
  const request = await signPost(url, body, credentials, overrides.region ?? 'us-east-1', overrides.at);
  return { method: 'POST', path: '/', headers: request.headers, body: overrides.body ?? body, host: url.host };
}

describe("the local Function URL's SigV4 check", () => {
  it('accepts a request signed by a local profile and names its principal', async () => {
    const verdict = await verifySignature(await signed(), principals, 'us-east-1');
    expect(verdict).toEqual({ ok: true, principal: operator });
  });

  it('refuses an unsigned request, a wrong secret, a changed body, another region and an old signature', async () => {
    const unsigned = { method: 'POST', path: '/', headers: { host: url.host }, body, host: url.host };
    expect(await verifySignature(unsigned, principals, 'us-east-1')).toMatchObject({ ok: false, why: 'unsigned request (no SigV4 Authorization header)' });
    expect(await verifySignature(await signed({ secret: 'not-the-secret' }), principals, 'us-east-1')).toMatchObject({ ok: false, why: /signature does not match/ });
    expect(await verifySignature(await signed({ body: JSON.stringify({ command: 'freeze' }) }), principals, 'us-east-1')).toMatchObject({ ok: false, why: /signature does not match/ });
    expect(await verifySignature(await signed({ region: 'eu-west-1' }), principals, 'us-east-1')).toMatchObject({ ok: false, why: 'signed for region eu-west-1, not us-east-1' });
    const old = await signed({ at: new Date(Date.now() - 10 * 60_000) });
    expect(await verifySignature(old, principals, 'us-east-1')).toMatchObject({ ok: false, why: /more than 5 minutes off/ });
  });

  it('refuses a key it does not know, even when the request is well formed', async () => {
    const request = await signPost(url, body, { accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' }, 'us-east-1');
    expect(await verifySignature({ method: 'POST', path: '/', headers: request.headers, body, host: url.host }, principals, 'us-east-1')).toEqual({ ok: false, why: 'unknown access key AKIAOTHER' });
  });

  it('accepts a signature made by a client nobody here wrote (curl --aws-sigv4, which signs no body-hash header)', async () => {
    // Recorded from: curl -sv --aws-sigv4 "aws:amz:us-east-1:lambda" --user "AKIALOCALOPERATOR:curl-fixture-secret"
    //   -H 'content-type: application/json' -d '{"command":"status","note":"curl"}' http://127.0.0.1:43305/
    const recorded = {
      method: 'POST',
      path: '/',
      host: '127.0.0.1:43305',
      body: '{"command":"status","note":"curl"}',
      headers: {
        host: '127.0.0.1:43305',
        'content-type': 'application/json',
        'x-amz-date': '20261206T072505Z',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIALOCALOPERATOR/20261206/us-east-1/lambda/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=97ac24833cd0d108ae2cadca4ce629fdd383096b1587d78e6838c4734dbf0c27',
      },
    };
    const curlPrincipals = [{ ...operator, secretAccessKey: 'curl-fixture-secret' }];
    const at = new Date('2026-12-06T07:25:05Z');
    expect(await verifySignature(recorded, curlPrincipals, 'us-east-1', at)).toMatchObject({ ok: true });
    expect(await verifySignature({ ...recorded, body: '{"command":"freeze","note":"curl"}' }, curlPrincipals, 'us-east-1', at)).toMatchObject({ ok: false });
  });

  it("builds the event AWS passes a URL function, which the operator reads as that principal", async () => {
    const event = functionUrlEvent({ method: 'POST', path: '/', headers: {}, body }, operator, url.host);
    const call = readCall(event, [{ principal: operator.arn, role: 'operator' }]);
    expect(call.caller).toMatchObject({ principal: { arn: operator.arn }, role: 'operator', via: 'url' });
    expect(call.body).toEqual({ command: 'status' });
  });
});
