/**
 * Least privilege, checked by use: the local stack records every AWS call each function makes (action and
 * resource, as IAM sees them) and checks it against that function's `iamRoleStatements` in serverless.yml. The
 * emulators enforce no IAM, so without this a missing permission shows up only as AccessDenied in AWS.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { documentClient, eventBridgeClient, sqsClient } from '../shared/runtime/clients.ts';
import { resolveIntrinsics, type ResourceMap } from './provision.ts';
import type { FunctionDefinition } from './serverless-config.ts';

/** One call as IAM authorizes it: `dynamodb:PutItem` on a table's ARN. */
export interface IamCall {
  action: string;
  /** Undefined when the resource cannot be named locally (the default bus): the action alone is checked. */
  resource?: string;
}

export interface IamViolation extends IamCall {
  function: string;
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const current = new AsyncLocalStorage<(call: IamCall) => void>();
let installed = false;

/** Runs `work` as function code: every AWS call it makes through the shared clients is passed to `record`. */
export function asFunction<T>(record: (call: IamCall) => void, work: () => Promise<T>): Promise<T> {
  installRecorders();
  return current.run(record, work);
}

type AnyClient = DynamoDBDocumentClient | SQSClient | EventBridgeClient;

function installRecorders(): void {
  if (installed) return;
  installed = true;
  const clients: [string, AnyClient][] = [['dynamodb', documentClient()], ['sqs', sqsClient()], ['events', eventBridgeClient()]];
  for (const [service, client] of clients) {
    (client as SQSClient).middlewareStack.add(
      (next, context) => async (args) => {
        const record = current.getStore();
        if (record !== undefined) {
          const operation = String(context.commandName).replace(/Command$/, '');
          for (const call of iamCalls(service, operation, args.input as Record<string, unknown>)) record(call);
        }
        return next(args);
      },
      { step: 'initialize', name: 'fleetwarden-iam-check' },
    );
  }
}

/** The IAM actions and resource names one API call needs. Resources are local names here, ARNs later. */
export function iamCalls(service: string, operation: string, input: Record<string, unknown>): IamCall[] {
  if (service === 'dynamodb') return dynamoCalls(operation, input);
  if (service === 'sqs') {
    // The batch APIs are authorized as their single-message actions.
    return [{ action: `sqs:${operation.replace(/Batch$/, '')}`, resource: `queue-url:${String(input.QueueUrl)}` }];
  }
  if (service === 'events' && operation === 'PutEvents') {
    const entries = (input.Entries ?? []) as { EventBusName?: string }[];
    return [...new Set(entries.map((e) => e.EventBusName ?? 'default'))].map((bus) => ({ action: 'events:PutEvents', resource: `bus:${bus}` }));
  }
  return [{ action: `${service}:${operation}` }];
}

const TRANSACT_ACTIONS: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' };

function dynamoCalls(operation: string, input: Record<string, unknown>): IamCall[] {
  const table = (name: unknown, index?: unknown) => `table:${String(name)}${index === undefined ? '' : `/index/${String(index)}`}`;
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    // A transaction is authorized item by item, as the single-item actions it contains.
    return ((input.TransactItems ?? []) as Record<string, { TableName?: string }>[]).flatMap((item) =>
      Object.entries(item).map(([kind, body]) => ({ action: `dynamodb:${TRANSACT_ACTIONS[kind] ?? kind}`, resource: table(body.TableName) })),
    );
  }
  if (operation === 'BatchWriteItem' || operation === 'BatchGetItem') {
    return Object.keys((input.RequestItems ?? {}) as Record<string, unknown>).map((name) => ({ action: `dynamodb:${operation}`, resource: table(name) }));
  }
  return [{ action: `dynamodb:${operation}`, resource: table(input.TableName, input.IndexName) }];
}

const glob = (pattern: string) => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');

/**
 * The calls a function's role does not allow. Local names become the ARNs the template would give them
 * (tables, queues and buses that serverless.yml declares); calls whose resource cannot be named are checked
 * by action alone.
 */
export function violations(fn: FunctionDefinition, calls: Iterable<IamCall>, resources: ResourceMap, region: string): IamCall[] {
  const statements = ((fn.iamRoleStatements ?? []) as Statement[]).filter((s) => s.Effect === 'Allow').map((s) => ({
    actions: [s.Action].flat().map(glob),
    resources: [resolveIntrinsics(s.Resource, resources, region)].flat().map((r) => glob(String(r))),
  }));
  const out: IamCall[] = [];
  for (const call of calls) {
    const arn = call.resource === undefined ? undefined : arnOf(call.resource, resources);
    const allowed = statements.some((s) => s.actions.some((a) => a.test(call.action)) && (arn === undefined || s.resources.some((r) => r.test(arn))));
    if (!allowed) out.push(arn === undefined ? { action: call.action } : { action: call.action, resource: arn });
  }
  return out;
}

function arnOf(local: string, resources: ResourceMap): string | undefined {
  const [kind, ...rest] = local.split(':');
  const name = rest.join(':');
  const all = Object.values(resources);
  if (kind === 'queue-url') return all.find((r) => r.ref === name)?.attrs.Arn;
  if (kind === 'bus') return all.find((r) => r.attrs.Name === name || r.attrs.Arn === name)?.attrs.Arn;
  if (kind === 'table') {
    const [tableName = '', ...index] = name.split('/');
    const arn = all.find((r) => r.type === 'AWS::DynamoDB::Table' && r.ref === tableName)?.attrs.Arn;
    return arn === undefined ? undefined : [arn, ...index].join('/');
  }
  return undefined;
}
