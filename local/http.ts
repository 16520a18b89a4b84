/** A tiny JSON-over-HTTP server on 127.0.0.1 for the local stand-ins of AWS endpoints. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface LocalServer {
  url: string;
  close(): Promise<void>;
}

export type Route = (req: IncomingMessage, body: string) => Promise<{ status: number; headers?: Record<string, string>; body: unknown }>;

export async function startJsonServer(route: Route, port = 0): Promise<LocalServer> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      route(req, Buffer.concat(chunks).toString('utf8'))
        .then((out) => {
          res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
          res.end(JSON.stringify(out.body));
        })
        .catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
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
