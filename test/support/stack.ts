/**
 * A fresh copy of the stack's tables and queues for one test file: serverless.yml provisioned under a
 * unique stage name on the shared emulators, with SDK clients pointed at them through the real SDK.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { loadServerlessConfig, type ServerlessConfig } from '../../local/serverless-config.ts';
import { provisionResources, type ResourceMap } from '../../local/provision.ts';
import { InstanceStore } from '../../shared/adapters/dynamo/instance-store.ts';
import { InstanceQueries } from '../../shared/adapters/dynamo/instance-queries.ts';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface TestStack {
  stage: string;
  config: ServerlessConfig;
  resources: ResourceMap;
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  sqs: SQSClient;
  tableName: string;
  store: InstanceStore;
  queries: InstanceQueries;
  /** The URL of a queue by its logical id in serverless.yml. */
  queueUrl(logicalId: string): string;
}

export async function freshStack(): Promise<TestStack> {
  const stage = `t${randomUUID().slice(0, 8)}`;
  const region = 'us-east-1';
  const dynamo = new DynamoDBClient({ region, endpoint: inject('dynamodbEndpoint'), credentials: LOCAL_CREDENTIALS });
  const sqs = new SQSClient({ region, endpoint: inject('sqsEndpoint'), credentials: LOCAL_CREDENTIALS });
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const config = loadServerlessConfig({ stage, region });
  const resources = await provisionResources(config, { dynamo, sqs, sqsEndpoint: inject('sqsEndpoint') });
  const tableName = resources.LedgerTable?.ref ?? '';
  return {
    stage,
    config,
    resources,
    dynamo,
    doc,
    sqs,
    tableName,
    store: new InstanceStore(doc, tableName),
    queries: new InstanceQueries(doc, tableName),
    queueUrl(logicalId) {
      const url = resources[logicalId]?.ref;
      if (url === undefined) throw new Error(`no queue ${logicalId} in serverless.yml`);
      return url;
    },
  };
}
