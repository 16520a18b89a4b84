/** Tiny HTTP servers on 127.0.0.1 for the local stand-ins of AWS endpoints. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface LocalServer {
  url: string;
  close(): Promise<void>;
}

export type Route = (req: IncomingMessage, body: string) => Promise<{ status: number; headers?: Record<string, string>; body: unknown }>;
/** A route that answers text as it is (a Function URL passes the function's body through untouched). */
export type TextRoute = (req: IncomingMessage, body: string) => Promise<{ status: number; headers?: Record<string, string>; text: string }>;

/** Answers JSON: the route's `body` is serialised; a failing route answers 500 with its message. */
export function startJsonServer(route: Route, port = 0): Promise<LocalServer> {
  return startHttpServer(async (req, body) => {
    try {
      const out = await route(req, body);
      return { status: out.status, headers: { 'content-type': 'application/json', ...out.headers }, text: JSON.stringify(out.body) };
    } catch (error) {
      return { status: 500, headers: { 'content-type': 'application/json' }, text: JSON.stringify({ message: error instanceof Error ? error.message : String(error) }) };
    }
  }, port);
}

export async function startHttpServer(route: TextRoute, port = 0): Promise<LocalServer> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      route(req, Buffer.concat(chunks).toString('utf8'))
        .then((out) => {
          res.writeHead(out.status, out.headers);
          res.end(out.text);
        })
        .catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(error instanceof Error ? error.message : String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
