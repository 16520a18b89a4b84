/**
 * AWS SDK clients, created once per Lambda container. Endpoints come from the standard
 * AWS_ENDPOINT_URL_* variables, so the same code talks to AWS or to the local emulators.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Sockets per client. A Lambda container serves one invocation at a time, so the SDK's 50 are plenty there; the
 * local stack runs every function in one process, standing for many containers, and sets more
 * (`SDK_MAX_SOCKETS`).
 */
function requestHandler() {
  const maxSockets = Number(process.env.SDK_MAX_SOCKETS ?? 50);
  return { httpAgent: { maxSockets }, httpsAgent: { maxSockets } };
}

let dynamo: DynamoDBDocumentClient | undefined;
let sqs: SQSClient | undefined;
let eventBridge: EventBridgeClient | undefined;

export function documentClient(): DynamoDBDocumentClient {
  dynamo ??= DynamoDBDocumentClient.from(new DynamoDBClient({ requestHandler: requestHandler() }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return dynamo;
}

export function sqsClient(): SQSClient {
  sqs ??= new SQSClient({ requestHandler: requestHandler() });
  return sqs;
}

export function eventBridgeClient(): EventBridgeClient {
  eventBridge ??= new EventBridgeClient({ requestHandler: requestHandler() });
  return eventBridge;
}
