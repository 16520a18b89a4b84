/**
 * `npm run package` offline, and the CloudFormation template it writes: the deployable stack is real, encrypted,
 * least-privilege, with dead-letter queues and alarms on Fleetwarden itself.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  Condition?: string;
}
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

let resources: Record<string, Resource>;
let conditions: Record<string, unknown>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

beforeAll(() => {
  execFileSync('bash', ['scripts/package.sh'], { stdio: 'pipe', timeout: 240_000, env: { ...process.env, STAGE: 'ci' } });
  const template = JSON.parse(readFileSync('.serverless/cloudformation-template-update-stack.json', 'utf8')) as {
    Resources: Record<string, Resource>;
    Conditions: Record<string, unknown>;
  };
  resources = template.Resources;
  conditions = template.Conditions;
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

  it('puts the operator behind a Function URL with IAM auth, and nothing else behind a URL', () => {
    const urls = ofType('AWS::Lambda::Url').map(([, u]) => u.Properties);
    expect(urls).toEqual([expect.objectContaining({ AuthType: 'AWS_IAM', TargetFunctionArn: { 'Fn::GetAtt': ['OperatorLambdaFunction', 'Arn'] } })]);
    // No public invoke permission: with AWS_IAM, callers need lambda:InvokeFunctionUrl in their own policies.
    const permissions = ofType('AWS::Lambda::Permission').map(([, p]) => p.Properties);
    expect(permissions.filter((p) => p.Principal === '*')).toEqual([]);
    const env = (resources.OperatorLambdaFunction?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.OPERATOR_ROLES).toBe('[]');
  });

  it('keeps the operator audit log in its own encrypted table that only the operator writes, by PutItem alone', () => {
    const table = resources.OperatorAuditTable?.Properties ?? {};
    expect(table).toMatchObject({
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    const grants: [string, string[]][] = [];
    for (const [id, role] of ofType('AWS::IAM::Role')) {
      for (const policy of (role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? []) {
        for (const statement of policy.PolicyDocument.Statement) {
          if (JSON.stringify(statement.Resource).includes('OperatorAuditTable')) grants.push([id, ([] as string[]).concat(statement.Action)]);
        }
      }
    }
    expect(grants).toEqual([['OperatorIamRoleLambdaExecution', ['dynamodb:PutItem', 'dynamodb:Query']]]);
  });

  it('pages the alerts topic on break glass, wide freezes and incident releases, and alarms on refused URL calls', () => {
    const rule = resources.BreakGlassToAlertsRule?.Properties ?? {};
    expect(rule.EventPattern).toEqual({ source: ['fleetwarden'], 'detail-type': ['BreakGlassUsed', 'FreezeCreated', 'IncidentReleased'] });
    expect(rule.Targets).toEqual([expect.objectContaining({ Arn: { Ref: 'AlertsTopic' } })]);
    const policies = ofType('AWS::SNS::TopicPolicy').map(([, p]) => p.Properties).filter((p) => JSON.stringify(p.Topics).includes('AlertsTopic'));
    const statements = policies.flatMap((p) => (p.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement);
    expect(statements).toContainEqual(expect.objectContaining({
      Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish',
      Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['BreakGlassToAlertsRule', 'Arn'] } } },
    }));
    const refused = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties).find((a) => a.MetricName === 'Url4xxCount');
    expect(refused).toMatchObject({ Namespace: 'AWS/Lambda', AlarmActions: [{ Ref: 'AlertsTopic' }] });
  });

  it('gives the planner and the worker every remediation setting they read, from params with safe defaults', () => {
    for (const id of ['PlannerLambdaFunction', 'RemediationWorkerLambdaFunction']) {
      const env = (resources[id]?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables;
      expect(env, id).toMatchObject({
        REMEDIATION_SAFETY: '{}',
        REMEDIATION_DRY_RUN: 'false',
        REMEDIATION_DRY_RUN_PLAYBOOKS: '',
        REMEDIATION_PLAYBOOK_OPTIONS: '{}',
      });
    }
  });

  it('routes escalations to a pager only when one is configured, with the routing key read from SSM at deploy time', () => {
    const rule = resources.EscalationPagerRule;
    expect(rule?.Condition).toBe('HasPager');
    expect(resources.EscalationPagerRole?.Condition).toBe('HasPager');
    expect(conditions.HasPager).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
    const [target] = rule?.Properties.Targets as { InputTransformer: { InputTemplate: string } }[];
    expect(target?.InputTransformer.InputTemplate).toContain('"routing_key": "{{resolve:ssm:/fleetwarden/pager/routing-key}}"');
    expect(JSON.stringify(resources)).not.toMatch(/routing_key": "[^{]/);
  });

  it('ships each function minified in a zip of at most 250 KB, its source map kept beside the zips, not in them', () => {
    const zips = readdirSync('.serverless').filter((f) => f.endsWith('.zip'));
    expect(zips.length).toBeGreaterThanOrEqual(11);
    for (const zip of zips) {
      const bytes = readFileSync(`.serverless/${zip}`);
      expect(bytes.length, zip).toBeLessThanOrEqual(250 * 1024);
      expect(bytes.includes('.cjs.map'), zip).toBe(false);
      expect(statSync(`.serverless/sourcemaps/functions/${zip.replace('.zip', '')}/handler.cjs.map`).size, zip).toBeGreaterThan(0);
    }
  });
});
