import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError } from '../shared/domain/errors.ts';
import { FleetActionRejectedError, FleetUnavailableError } from '../shared/adapters/fleet/errors.ts';
import { NonceCache } from './nonce-cache.ts';
import { DEFAULT_TOLERANCE_SECONDS, NONCE_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../shared/adapters/fleet/signing.ts';
import type { SimulatedFleet } from './simulated-fleet.ts';
import { ACTIONS_PATH, ActionRequestSchema, IDEMPOTENCY_HEADER, describeIssues } from '../shared/adapters/fleet/wire.ts';

export interface ControlPlaneServerOptions {
  fleet: SimulatedFleet;
  /** The accepted signing key, or several while a rotation is under way. */
  key: string | readonly string[];
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The clock signatures are checked against (default: the real one; the fleet's clock may be simulated). */
  now?: () => Date;
  toleranceSeconds?: number;
  /** The hosts (Host header values) this server answers for; default its own address, 127.0.0.1:<port> and localhost:<port>. */
  hosts?: readonly string[];
  /** The most request nonces remembered inside the tolerance window (default 100,000); beyond it requests get 503. */
  nonceCapacity?: number;
}

export interface ControlPlaneServer {
  url: string;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
}

/** What every request is checked against: the options, the hosts this server is, the nonces it has accepted. */
interface Guard {
  options: ControlPlaneServerOptions;
  hosts: Set<string>;
  nonces: NonceCache;
}

const MAX_BODY_BYTES = 64 * 1024;
const HEALTH_ROUTE = /^\/v1\/instances\/([^/]+)\/health$/;

/**
 * A fake control plane on 127.0.0.1 serving a `SimulatedFleet` over the provider protocol: it checks every
 * signature (401 when bad, stale, for another host or replayed), requires an Idempotency-Key, answers `fail`
 * faults with 422 and holds `timeout` faults unanswered until the client gives up.
 */
export async function startControlPlaneServer(options: ControlPlaneServerOptions): Promise<ControlPlaneServer> {
  const windowSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const guard: Guard = { options, hosts: new Set(), nonces: new NonceCache({ windowSeconds, capacity: options.nonceCapacity ?? 100_000 }) };
  const server = createServer((req, res) => {
    answer(req, guard).then(
      (result) => (result === 'hold' ? undefined : send(res, result)),
      (error: unknown) => send(res, { status: 500, body: { message: describeError(error) } }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  for (const host of options.hosts ?? [`127.0.0.1:${port}`, `localhost:${port}`]) guard.hosts.add(host.toLowerCase());
  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error === undefined ? resolve() : reject(error)));
    });
  return { url: `http://127.0.0.1:${port}`, close };
}

async function answer(req: IncomingMessage, guard: Guard): Promise<Answer | 'hold'> {
  const body = await readBody(req);
  if (body === undefined) return { status: 413, body: { message: `body over ${MAX_BODY_BYTES} bytes` } };
  const target = req.url ?? '/';
  const refusal = authenticate(req, target, body, guard);
  if (refusal !== undefined) return refusal;
  const { fleet } = guard.options;
  const { pathname } = new URL(target, 'http://127.0.0.1');
  const health = HEALTH_ROUTE.exec(pathname);
  if (req.method === 'POST' && pathname === ACTIONS_PATH) return performAction(req, body, fleet);
  if (req.method === 'GET' && health?.[1] !== undefined) return answerFrom(() => fleet.probe(decodeURIComponent(health[1] ?? '')));
  return { status: 404, body: { message: `no route ${req.method ?? ''} ${pathname}` } };
}

/** The refusal of a request not signed for this server now, or not for the first time; undefined when it may go on. */
function authenticate(req: IncomingMessage, target: string, body: string, { options, hosts, nonces }: Guard): Answer | undefined {
  const host = (header(req, 'host') ?? '').toLowerCase();
  if (!hosts.has(host)) return { status: 401, body: { message: `request signed for host '${host}', this control plane is ${[...hosts].join(' or ')}` } };
  const now = (options.now ?? (() => new Date()))();
  const verdict = verifySignature({
    method: req.method ?? 'GET',
    host,
    path: target,
    idempotencyKey: header(req, IDEMPOTENCY_HEADER) ?? '',
    body,
    timestamp: header(req, TIMESTAMP_HEADER),
    nonce: header(req, NONCE_HEADER),
    signature: header(req, SIGNATURE_HEADER),
    keys: typeof options.key === 'string' ? [options.key] : options.key,
    now,
    ...(options.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
  });
  if (!verdict.ok) return { status: 401, body: { message: verdict.reason } };
  const claim = nonces.claim(verdict.nonce, verdict.timestamp, now);
  if (claim === 'replayed') return { status: 401, body: { message: `request replayed: nonce ${verdict.nonce} was already used` } };
  if (claim === 'full') return { status: 503, body: { message: 'too many requests inside the signature window to check for replays; retry' } };
  return undefined;
}

function performAction(req: IncomingMessage, body: string, fleet: SimulatedFleet): Answer | 'hold' {
  const idempotencyKey = header(req, IDEMPOTENCY_HEADER);
  if (idempotencyKey === undefined || idempotencyKey === '') return { status: 400, body: { message: 'Idempotency-Key header is required' } };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { status: 400, body: { message: 'body is not JSON' } };
  }
  const parsed = ActionRequestSchema.safeParse(json);
  if (!parsed.success) return { status: 400, body: { message: describeIssues(parsed.error).join('; ') } };
  return answerFrom(() => fleet.perform({ ...parsed.data, idempotencyKey }));
}

/** Maps the fleet's typed errors to what a control plane would answer. */
function answerFrom(run: () => unknown): Answer | 'hold' {
  try {
    return { status: 200, body: run() };
  } catch (error) {
    if (error instanceof FleetActionRejectedError) return { status: error.status, body: { message: error.serverMessage } };
    if (error instanceof FleetUnavailableError && error.reason === 'timeout') return 'hold';
    if (error instanceof FleetUnavailableError) return { status: 503, body: { message: describeError(error.cause ?? error) } };
    throw error;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The whole body as text, or undefined when it is too large to accept. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, result: Answer): void {
  const text = JSON.stringify(result.body);
  res.writeHead(result.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
