import { describe, expect, it } from 'vitest';
import { iamCalls, violations } from '../../../local/iam-check.ts';
import type { ResourceMap } from '../../../local/provision.ts';
import type { FunctionDefinition } from '../../../local/serverless-config.ts';

const region = 'us-east-1';
const resources: ResourceMap = {
  LedgerTable: { type: 'AWS::DynamoDB::Table', ref: 'fw-t', attrs: { Arn: 'arn:aws:dynamodb:us-east-1:000000000000:table/fw-t' } },
  WorkQueue: { type: 'AWS::SQS::Queue', ref: 'http://sqs.local/q/work', attrs: { Arn: 'arn:aws:sqs:us-east-1:000000000000:work' } },
  DeadQueue: { type: 'AWS::SQS::Queue', ref: 'http://sqs.local/q/dead', attrs: { Arn: 'arn:aws:sqs:us-east-1:000000000000:dead' } },
};

const worker: FunctionDefinition = {
  handler: 'functions/worker/handler.handler',
  iamRoleStatements: [
    { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: [{ 'Fn::GetAtt': ['LedgerTable', 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['LedgerTable', 'Arn'] }, '/index/*']] }] },
    { Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], Resource: { 'Fn::GetAtt': ['LedgerTable', 'Arn'] } },
    { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['WorkQueue', 'Arn'] } },
  ],
};

describe('the IAM actions an AWS call needs', () => {
  it('authorizes a transaction item by item, and batch sends as single sends', () => {
    expect(iamCalls('dynamodb', 'TransactWriteItems', { TransactItems: [{ Put: { TableName: 'fw-t' } }, { ConditionCheck: { TableName: 'fw-t' } }] })).toEqual([
      { action: 'dynamodb:PutItem', resource: 'table:fw-t' },
      { action: 'dynamodb:ConditionCheckItem', resource: 'table:fw-t' },
    ]);
    expect(iamCalls('sqs', 'SendMessageBatch', { QueueUrl: 'http://sqs.local/q/work' })).toEqual([{ action: 'sqs:SendMessage', resource: 'queue-url:http://sqs.local/q/work' }]);
    expect(iamCalls('dynamodb', 'Query', { TableName: 'fw-t', IndexName: 'byCell' })).toEqual([{ action: 'dynamodb:Query', resource: 'table:fw-t/index/byCell' }]);
  });
});

describe('calls a role does not allow', () => {
  it('passes what the statements allow, on the resources they name', () => {
    const calls = [
      ...iamCalls('dynamodb', 'Query', { TableName: 'fw-t', IndexName: 'byCell' }),
      ...iamCalls('dynamodb', 'TransactWriteItems', { TransactItems: [{ Put: { TableName: 'fw-t' } }, { Update: { TableName: 'fw-t' } }] }),
      ...iamCalls('sqs', 'SendMessageBatch', { QueueUrl: 'http://sqs.local/q/work' }),
    ];
    expect(violations(worker, calls, resources, region)).toEqual([]);
  });

  it('names a missing action and a queue outside the role, with the ARN the template would give', () => {
    const calls = [
      ...iamCalls('dynamodb', 'BatchWriteItem', { RequestItems: { 'fw-t': [] } }),
      ...iamCalls('sqs', 'SendMessage', { QueueUrl: 'http://sqs.local/q/dead' }),
      ...iamCalls('dynamodb', 'TransactWriteItems', { TransactItems: [{ Delete: { TableName: 'fw-t' } }] }),
    ];
    expect(violations(worker, calls, resources, region)).toEqual([
      { action: 'dynamodb:BatchWriteItem', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/fw-t' },
      { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:000000000000:dead' },
      { action: 'dynamodb:DeleteItem', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/fw-t' },
    ]);
  });

  it('does not let an index permission stand in for the table, nor a Deny for an Allow', () => {
    const narrow: FunctionDefinition = {
      handler: 'h.handler',
      iamRoleStatements: [
        { Effect: 'Allow', Action: ['dynamodb:Query'], Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['LedgerTable', 'Arn'] }, '/index/*']] } },
        { Effect: 'Deny', Action: ['dynamodb:GetItem'], Resource: '*' },
      ],
    };
    const calls = [...iamCalls('dynamodb', 'Query', { TableName: 'fw-t' }), ...iamCalls('dynamodb', 'GetItem', { TableName: 'fw-t' })];
    expect(violations(narrow, calls, resources, region).map((v) => v.action)).toEqual(['dynamodb:Query', 'dynamodb:GetItem']);
  });
});
