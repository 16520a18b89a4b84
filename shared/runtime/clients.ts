/**
 * AWS SDK clients, created once per Lambda container. Endpoints come from the standard
 * AWS_ENDPOINT_URL_* variables, so the same code talks to AWS or to the local emulators.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let dynamo: DynamoDBDocumentClient | undefined;
let sqs: SQSClient | undefined;
let eventBridge: EventBridgeClient | undefined;

export function documentClient(): DynamoDBDocumentClient {
  dynamo ??= DynamoDBDocumentClient.from(withoutSdkLogging(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return dynamo;
}

export function sqsClient(): SQSClient {
  sqs ??= withoutSdkLogging(new SQSClient({}));
  return sqs;
}

export function eventBridgeClient(): EventBridgeClient {
  eventBridge ??= withoutSdkLogging(new EventBridgeClient({}));
  return eventBridge;
}

/**
 * The SDK's logger middleware copies every request and response through its sensitive-data filter before it
 * hands them to the logger, even to the default no-op one: for DynamoDB, walking each item against the service
 * schema (measured: about 8% of the local stack's CPU). No client here is given a logger, so it is removed.
 */
function withoutSdkLogging<C extends { middlewareStack: { remove(name: string): boolean } }>(client: C): C {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}
