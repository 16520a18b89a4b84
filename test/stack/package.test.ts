/**
 * `npm run package` offline, and the CloudFormation template it writes: the deployable stack is real, encrypted,
 * least-privilege, with dead-letter queues and alarms on Fleetwarden itself.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

let resources: Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

beforeAll(() => {
  execFileSync('bash', ['scripts/package.sh'], { stdio: 'pipe', timeout: 240_000, env: { ...process.env, STAGE: 'ci' } });
  const template = JSON.parse(readFileSync('.serverless/cloudformation-template-update-stack.json', 'utf8')) as {
    Resources: Record<string, Resource>;
  };
  resources = template.Resources;
}, 300_000);

describe('the packaged CloudFormation template', () => {
  it('has an on-demand, encrypted ledger table with point-in-time recovery and a TTL attribute', () => {
    const [[, table] = []] = ofType('AWS::DynamoDB::Table');
    expect(table?.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('encrypts every queue and gives every work queue a dead-letter queue', () => {
    const queues = ofType('AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThan(0);
    const names = new Set(queues.map(([id]) => id));
    for (const [id, queue] of queues) {
      const encrypted = queue.Properties.SqsManagedSseEnabled === true || queue.Properties.KmsMasterKeyId !== undefined;
      expect(encrypted, `${id} is encrypted`).toBe(true);
      if (id.endsWith('DeadLetterQueue')) continue;
      const redrive = queue.Properties.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': [string, string] }; maxReceiveCount: number };
      expect(redrive, `${id} has a redrive policy`).toBeDefined();
      expect(names.has(redrive.deadLetterTargetArn['Fn::GetAtt'][0])).toBe(true);
      expect(redrive.maxReceiveCount).toBeGreaterThan(1);
    }
  });

  it('gives every function its own role and no role a wildcard action or a wildcard data resource', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(2);
    const roles = functions.map(([, fn]) => (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]);
    expect(new Set(roles).size).toBe(functions.length);
    expect(resources.IamRoleLambdaExecution).toBeUndefined();
    for (const [id, role] of ofType('AWS::IAM::Role')) {
      const policies = role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[];
      for (const statement of policies.flatMap((p) => p.PolicyDocument.Statement)) {
        const actions = [statement.Action].flat();
        expect(actions.some((a) => a === '*' || a.endsWith(':*')), `${id}: ${actions.join(',')}`).toBe(false);
        const dataActions = actions.filter((a) => /^(dynamodb|sqs|events|ssm):/.test(a));
        if (dataActions.length > 0) expect(JSON.stringify(statement.Resource), `${id} scopes ${dataActions.join(',')}`).not.toBe('"*"');
      }
    }
  });

  it('runs every function on nodejs22.x', () => {
    for (const [, fn] of ofType('AWS::Lambda::Function')) expect(fn.Properties.Runtime).toBe('nodejs22.x');
  });

  it('alarms on every function and every dead-letter queue, into an encrypted alerts topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    for (const [id] of ofType('AWS::Lambda::Function')) {
      const name = (resources[id]?.Properties.FunctionName as string) ?? '';
      expect(alarms.some((a) => JSON.stringify(a.Dimensions).includes(name) && a.MetricName === 'Errors'), `${name} has an errors alarm`).toBe(true);
    }
    for (const [id] of ofType('AWS::SQS::Queue').filter(([q]) => q.endsWith('DeadLetterQueue'))) {
      expect(alarms.some((a) => JSON.stringify(a.Dimensions).includes(id)), `${id} has an alarm`).toBe(true);
    }
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: 'AlertsTopic' }]);
    expect(resources.AlertsTopic?.Properties.KmsMasterKeyId).toBeDefined();
  });
});
