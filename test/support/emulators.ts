/**
 * Vitest global setup for the integration project: one DynamoDB Local and one SQS emulator for the
 * whole run, on free ports, stopped at the end. Test files get the endpoints through `inject`.
 */
import type { TestProject } from 'vitest/node';
import { startEmulators, type Emulators } from '../../local/emulators.ts';

let emulators: Emulators | undefined;

export async function setup(project: TestProject): Promise<void> {
  emulators = await startEmulators();
  project.provide('dynamodbEndpoint', emulators.dynamodbEndpoint);
  project.provide('sqsEndpoint', emulators.sqsEndpoint);
}

export async function teardown(): Promise<void> {
  await emulators?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    sqsEndpoint: string;
  }
}
