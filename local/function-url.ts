/**
 * The operator's Function URL, locally: what AWS does before an AuthType AWS_IAM function runs. It checks the
 * SigV4 signature against the local principals (written to .local/credentials as named profiles), refuses
 * unsigned and badly signed calls with 403 as Lambda does, and passes the verified signer to the function in
 * `requestContext.authorizer.iam`, in the event shape AWS publishes (test/fixtures/function-url-iam.json).
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { signer, type Credentials } from '../cli/signing.ts';
import { startHttpServer, type LocalServer } from './http.ts';

export const LOCAL_ACCOUNT = '000000000000';
/** Signed by a principal the local stage maps to no role: refused by the function, as an unknown principal is. */
export const LOCAL_PROFILES = ['viewer', 'operator', 'breakglass', 'nobody'] as const;

export interface LocalPrincipal extends Credentials {
  profile: string;
  arn: string;
}

/** Fresh keys for each local profile (a new secret every `npm start`). */
export function localPrincipals(): LocalPrincipal[] {
  return LOCAL_PROFILES.map((role) => ({
    profile: `fleetwarden-local-${role}`,
    arn: `arn:aws:iam::${LOCAL_ACCOUNT}:user/fleetwarden-local-${role}`,
    accessKeyId: `AKIALOCAL${role.toUpperCase()}`,
    secretAccessKey: randomBytes(20).toString('hex'),
  }));
}

/** The shared-credentials file the CLI reads for the local stack (AWS_PROFILE picks one). */
export function credentialsFile(principals: readonly LocalPrincipal[]): string {
  return principals.map((p) => `[${p.profile}]\naws_access_key_id = ${p.accessKeyId}\naws_secret_access_key = ${p.secretAccessKey}\n`).join('\n');
}

const MAX_SKEW_MS = 5 * 60 * 1000;
const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/lambda\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export type Verdict = { ok: true; principal: LocalPrincipal } | { ok: false; why: string };

/** Checks a request's SigV4 signature as Lambda would for AuthType AWS_IAM. */
export async function verifySignature(
  req: { method: string; path: string; headers: Record<string, string>; body: string; host: string },
  principals: readonly LocalPrincipal[],
  region: string,
  now = new Date(),
): Promise<Verdict> {
  const match = AUTH.exec(req.headers.authorization ?? '');
  if (match === null) return { ok: false, why: 'unsigned request (no SigV4 Authorization header)' };
  const [, keyId, , signedRegion, signedHeaders, signature] = match as unknown as string[];
  const principal = principals.find((p) => p.accessKeyId === keyId);
  if (principal === undefined) return { ok: false, why: `unknown access key ${keyId}` };
  if (signedRegion !== region) return { ok: false, why: `signed for region ${signedRegion}, not ${region}` };
  const amzDate = req.headers['x-amz-date'] ?? '';
  const at = Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  if (!Number.isFinite(at) || Math.abs(now.getTime() - at) > MAX_SKEW_MS) return { ok: false, why: 'signature date missing or more than 5 minutes off' };
  const signed = (signedHeaders ?? '').split(';');
  const headers: Record<string, string> = {};
  for (const name of signed) {
    // The body hash is recomputed from the body received, never taken from the header: a client that signed it as
    // `x-amz-content-sha256` (the AWS SDKs) gets it recomputed into the same place; one that did not (curl) not.
    if (name !== 'x-amz-content-sha256' && req.headers[name] !== undefined) headers[name] = req.headers[name] ?? '';
  }
  headers.host = req.host;
  const expected = await signer(principal, region, signed.includes('x-amz-content-sha256')).sign(
    { method: req.method, protocol: 'http:', hostname: req.host, path: req.path, query: {}, headers, body: req.body },
    { signingDate: new Date(at) },
  );
  const got = /Signature=([0-9a-f]{64})/.exec(String(expected.headers.authorization ?? ''))?.[1] ?? '';
  const same = got.length === signature?.length && timingSafeEqual(Buffer.from(got), Buffer.from(signature));
  return same ? { ok: true, principal } : { ok: false, why: 'signature does not match (wrong secret, or the request was changed)' };
}

/** The event Lambda passes a function behind a Function URL with IAM auth. */
export function functionUrlEvent(req: { method: string; path: string; headers: Record<string, string>; body: string }, principal: LocalPrincipal, host: string) {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: req.path,
    rawQueryString: '',
    headers: req.headers,
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: 'local',
      authentication: null,
      authorizer: { iam: { accessKey: principal.accessKeyId, accountId: LOCAL_ACCOUNT, callerId: principal.accessKeyId, cognitoIdentity: null, principalOrgId: null, userArn: principal.arn, userId: principal.accessKeyId } },
      domainName: host,
      domainPrefix: 'local',
      http: { method: req.method, path: req.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: req.headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: req.body,
    isBase64Encoded: false,
  };
}

export interface FunctionUrlDoor extends LocalServer {
  /** Calls refused before the function ran, by reason (AWS counts these as Url4xxCount). */
  refused(): Record<string, number>;
}

/** Serves the operator's URL on 127.0.0.1: verify, then invoke the function with the URL event. */
export async function startFunctionUrl(
  invoke: (event: unknown) => Promise<unknown>,
  principals: readonly LocalPrincipal[],
  region: string,
  log: (line: string) => void,
): Promise<FunctionUrlDoor> {
  const refused: Record<string, number> = {};
  const json = { 'content-type': 'application/json' };
  const server = await startHttpServer(async (req, body) => {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v ?? '')]));
    const call = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', headers, body };
    const host = headers.host ?? '';
    try {
      const verdict = await verifySignature({ ...call, host }, principals, region);
      if (!verdict.ok) {
        refused[verdict.why] = (refused[verdict.why] ?? 0) + 1;
        log(`operator URL refused a call: ${verdict.why}`);
        return { status: 403, headers: json, text: JSON.stringify({ Message: 'Forbidden' }) };
      }
      const out = (await invoke(functionUrlEvent(call, verdict.principal, host))) as { statusCode?: number; body?: string } | null;
      return { status: out?.statusCode ?? 200, headers: json, text: out?.body ?? JSON.stringify(out) };
    } catch (error) {
      return { status: 502, headers: json, text: JSON.stringify({ Message: `Internal Server Error: ${error instanceof Error ? error.message : String(error)}` }) };
    }
  });
  return { url: `${server.url}/`, refused: () => ({ ...refused }), close: server.close };
}
