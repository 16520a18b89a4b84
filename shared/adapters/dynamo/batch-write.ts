/**
 * Puts many items with BatchWriteItem: 25 per request, a few requests at once, and the items DynamoDB leaves
 * unprocessed (throttling) retried with backoff. A put overwrites, so writing the same items twice is harmless.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailableError } from '../../domain/errors.ts';
import { mapLimit } from '../../lib/map-limit.ts';
import { translateDynamoError } from './errors.ts';

const BATCH = 25;
const ATTEMPTS = 8;

type Item = Record<string, unknown>;

export async function putAll(doc: DynamoDBDocumentClient, table: string, items: readonly Item[], concurrency = 8): Promise<void> {
  const chunks: Item[][] = [];
  for (let i = 0; i < items.length; i += BATCH) chunks.push(items.slice(i, i + BATCH));
  await mapLimit(chunks, concurrency, (chunk) => putChunk(doc, table, chunk));
}

async function putChunk(doc: DynamoDBDocumentClient, table: string, chunk: Item[]): Promise<void> {
  let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > ATTEMPTS) {
      throw new DependencyUnavailableError('DynamoDB', { cause: new Error(`${pending.length} item(s) left unprocessed ${ATTEMPTS} times`) });
    }
    if (attempt > 1) await sleep(Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2));
    const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } })).catch(translateDynamoError);
    pending = (out.UnprocessedItems?.[table] ?? []).flatMap((request) =>
      request.PutRequest?.Item === undefined ? [] : [{ PutRequest: { Item: request.PutRequest.Item } }],
    );
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
