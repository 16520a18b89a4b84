/** Small helpers the audit adapters share: paginated queries and telling a failed condition apart. */
import { paginateQuery, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
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
