/**
 * SigV4 for the operator's Function URL: the CLI signs each call (service `lambda`) with the standard AWS
 * credential chain, as AWS requires for AuthType AWS_IAM; `npm start`'s local door checks the same signatures
 * against the local profiles (local/function-url.ts).
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/** The sha256 constructor SignatureV4 takes: a hash, or an HMAC when given a secret. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignedRequest {
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** `applyChecksum`: also send (and sign) the body's hash as `x-amz-content-sha256`; optional for Lambda. */
export function signer(credentials: Credentials, region: string, applyChecksum = true): SignatureV4 {
  return new SignatureV4({ credentials, region, service: 'lambda', sha256: Sha256, applyChecksum });
}

/** Signs a JSON POST to `url` (host, date, body hash and content type are signed). */
export async function signPost(url: URL, body: string, credentials: Credentials, region: string, at?: Date): Promise<SignedRequest> {
  const signed = await signer(credentials, region).sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === '' ? {} : { port: Number(url.port) }),
      path: url.pathname,
      query: {},
      headers: { host: url.host, 'content-type': 'application/json' },
      body,
    },
    at === undefined ? {} : { signingDate: at },
  );
  return { method: 'POST', headers: signed.headers as Record<string, string>, body };
}
