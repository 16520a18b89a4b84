/**
 * Creates, on the local emulators, the DynamoDB tables and SQS queues that serverless.yml declares, and
 * resolves the CloudFormation intrinsics (!Ref, !GetAtt, !Join, !Sub) that functions' settings use.
 * Resources the emulators do not have (KMS, SNS, alarms, policies, buses) are recorded by name only.
 */
import { CreateTableCommand, UpdateTimeToLiveCommand, type DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ServerlessConfig } from './serverless-config.ts';

export const LOCAL_ACCOUNT = '000000000000';

export interface LocalResource {
  type: string;
  ref: string;
  attrs: Record<string, string>;
}
export type ResourceMap = Record<string, LocalResource>;

export async function provisionResources(
  config: ServerlessConfig,
  clients: { dynamo: DynamoDBClient; sqs: SQSClient; sqsEndpoint: string },
): Promise<ResourceMap> {
  const region = config.provider.region;
  const map: ResourceMap = {};
  const entries = Object.entries(config.resources.Resources);
  // Dead-letter queues first: a queue's redrive policy names its DLQ's ARN.
  const queues = entries
    .filter(([, r]) => r.Type === 'AWS::SQS::Queue')
    .sort(([, a], [, b]) => Number(a.Properties?.RedrivePolicy !== undefined) - Number(b.Properties?.RedrivePolicy !== undefined));
  for (const [id, resource] of queues) {
    const props = resource.Properties ?? {};
    const name = String(props.QueueName ?? id);
    const attributes: Record<string, string> = {};
    for (const key of ['VisibilityTimeout', 'MessageRetentionPeriod', 'DelaySeconds', 'ReceiveMessageWaitTimeSeconds', 'FifoQueue', 'ContentBasedDeduplication']) {
      if (props[key] !== undefined) attributes[key] = String(props[key]);
    }
    if (props.RedrivePolicy !== undefined) attributes.RedrivePolicy = JSON.stringify(resolveIntrinsics(props.RedrivePolicy, map, region));
    await clients.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    const url = `${clients.sqsEndpoint}/${LOCAL_ACCOUNT}/${name}`;
    map[id] = { type: resource.Type, ref: url, attrs: { Arn: `arn:aws:sqs:${region}:${LOCAL_ACCOUNT}:${name}`, QueueName: name, QueueUrl: url } };
  }
  for (const [id, resource] of entries) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::DynamoDB::Table') {
      const name = String(props.TableName);
      await createTable(clients.dynamo, props, name);
      map[id] = { type: resource.Type, ref: name, attrs: { Arn: `arn:aws:dynamodb:${region}:${LOCAL_ACCOUNT}:table/${name}` } };
    } else if (map[id] === undefined) {
      const name = String(props.Name ?? props.TopicName ?? props.AlarmName ?? id);
      map[id] = { type: resource.Type, ref: name, attrs: { Arn: `arn:aws:local:${region}:${LOCAL_ACCOUNT}:${name}`, Name: name } };
    }
  }
  return map;
}

async function createTable(dynamo: DynamoDBClient, props: Record<string, unknown>, name: string): Promise<void> {
  const input: CreateTableCommandInput = {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: props.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
    KeySchema: props.KeySchema as CreateTableCommandInput['KeySchema'],
    GlobalSecondaryIndexes: props.GlobalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'],
  };
  await dynamo.send(new CreateTableCommand(input));
  const ttl = props.TimeToLiveSpecification as { AttributeName: string; Enabled: boolean } | undefined;
  if (ttl) await dynamo.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: ttl }));
}

/** Resolves !Ref / !GetAtt / !Join / !Sub against the local resources. */
export function resolveIntrinsics(value: unknown, map: ResourceMap, region: string): unknown {
  const pseudo: Record<string, string> = { 'AWS::Region': region, 'AWS::AccountId': LOCAL_ACCOUNT, 'AWS::Partition': 'aws' };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const obj = node as Record<string, unknown>;
    if ('Ref' in obj) return pseudo[String(obj.Ref)] ?? lookup(String(obj.Ref)).ref;
    if ('Fn::GetAtt' in obj) {
      const [id, attr] = obj['Fn::GetAtt'] as [string, string];
      const found = lookup(id).attrs[attr];
      if (found === undefined) throw new Error(`local stack: ${id} has no attribute ${attr}`);
      return found;
    }
    if ('Fn::Join' in obj) {
      const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
      return parts.map(walk).join(sep);
    }
    if ('Fn::Sub' in obj) {
      return String(obj['Fn::Sub']).replace(/\$\{([^}]+)\}/g, (_, name: string) => {
        const [id, attr] = name.split('.');
        if (id === undefined) return '';
        return pseudo[name] ?? (attr ? (lookup(id).attrs[attr] ?? '') : lookup(id).ref);
      });
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, walk(v)]));
  };
  const lookup = (id: string): LocalResource => {
    const found = map[id];
    if (found === undefined) throw new Error(`local stack: serverless.yml refers to ${id}, which is not provisioned`);
    return found;
  };
  return walk(value);
}
