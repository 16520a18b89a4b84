/** Small helpers the adapters share: paginated queries, conditional writes and telling a failed condition apart. */
import { paginateQuery, PutCommand, type DynamoDBDocumentClient, type QueryCommandInput, type UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { translateDynamoError } from './errors.ts';

/** Every page of a query, or until `enough` says the items so far suffice. */
export async function queryAll(
  doc: DynamoDBDocumentClient,
  input: QueryCommandInput,
  enough: (items: Record<string, unknown>[]) => boolean = () => false,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  try {
    for await (const page of paginateQuery({ client: doc }, input)) {
      items.push(...(page.Items ?? []));
      if (enough(items)) break;
    }
  } catch (error) {
    translateDynamoError(error);
  }
  return items;
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * The item a failed condition saw, as DynamoDB returns it (marshalled) with `ReturnValuesOnConditionCheckFailure:
 * 'ALL_OLD'`: undefined when `error` is not a condition failure, null when there was no item.
 */
export function conditionFailedItem(error: unknown): Record<string, unknown> | null | undefined {
  if (!isConditionFailure(error)) return undefined;
  return (error as Error & { Item?: Record<string, unknown> }).Item ?? null;
}

/** Sends a conditional write: true when it was written, false when its condition failed; other errors translated. */
export async function writeIf(doc: DynamoDBDocumentClient, command: PutCommand | UpdateCommand): Promise<boolean> {
  try {
    // send() is typed per command, so the union is narrowed first.
    await (command instanceof PutCommand ? doc.send(command) : doc.send(command));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    return translateDynamoError(error);
  }
}
