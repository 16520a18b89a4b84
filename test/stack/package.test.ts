/**
 * `npm run package` offline, and the CloudFormation template it writes: the deployable stack is real, encrypted,
 * least-privilege, with dead-letter queues and alarms on Fleetwarden itself.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { inflateRawSync } from 'node:zlib';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../shared/domain/metrics.ts';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  Condition?: string;
}
interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
interface Template {
  Resources: Record<string, Resource>;
  Conditions: Record<string, unknown>;
}

const ALERT_EMAIL = 'oncall@example.com';
const SIGNING_CMK = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
let resources: Record<string, Resource>;
let conditions: Record<string, unknown>;
/** The files in a zip, by name, inflated (a zip's central directory read as its specification lays it out). */
function zipEntries(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = new Map<string, Buffer>();
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + zip.readUInt32LE(at + 20));
    entries.set(zip.toString('utf8', at + 46, at + 46 + nameLength), zip.readUInt16LE(at + 10) === 8 ? inflateRawSync(data) : data);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** What a bundle still imports at run time (require, import): esbuild reads the code, strings and comments aside. */
async function externalImports(code: Buffer): Promise<string[]> {
  const result = await build({ stdin: { contents: code.toString('utf8'), loader: 'js' }, bundle: true, write: false, metafile: true, platform: 'node', external: ['*'], logLevel: 'silent' });
  return [...new Set(Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path)))];
}

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const statementsOf = (resource: Resource | undefined) =>
  ((resource?.Properties.PolicyDocument as { Statement: Statement[] } | undefined)?.Statement ?? []);

/** `npm run package` for a stage other than local, with these extra arguments; the packaging's exit code and output. */
function packageStage(...args: string[]): { status: number | null; output: string; template?: Template } {
  const run = spawnSync('bash', ['scripts/package.sh', ...args], { encoding: 'utf8', timeout: 240_000, env: { ...process.env, STAGE: 'ci' } });
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) return { status: run.status, output };
  return { status: 0, output, template: JSON.parse(readFileSync('.serverless/cloudformation-template-update-stack.json', 'utf8')) as Template };
}

// Each run replaces .serverless, so the runs that check the alert requirement go first, the one every test reads last.
let refused: ReturnType<typeof packageStage>;
let badValues: ReturnType<typeof packageStage>;
let optedOut: ReturnType<typeof packageStage>;
beforeAll(() => {
  refused = packageStage();
  badValues = packageStage('--param', 'alertEmail=oncall', '--param', 'alertHttpsEndpoint=http://hooks.example.com/x');
  optedOut = packageStage('--param', 'alertsOptOut=true', '--param', `fleetSigningKeyKmsKeyArn=${SIGNING_CMK}`);
  execFileSync('bash', ['scripts/package.sh', '--param', `alertEmail=${ALERT_EMAIL}`], { stdio: 'pipe', timeout: 240_000, env: { ...process.env, STAGE: 'ci' } });
  const template = JSON.parse(readFileSync('.serverless/cloudformation-template-update-stack.json', 'utf8')) as Template;
  resources = template.Resources;
  conditions = template.Conditions;
}, 600_000);

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

  it('bundles no simulator code into any function: the source maps name no file of sim/', () => {
    const maps = readdirSync('.serverless/sourcemaps/functions').map((name) => `.serverless/sourcemaps/functions/${name}/handler.cjs.map`);
    expect(maps.length).toBeGreaterThanOrEqual(11);
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
      expect(sources.some((source) => source.includes('shared/usecases/')), map).toBe(true);
      expect(sources.filter((source) => /(^|\/)sim\//.test(source)), map).toEqual([]);
    }
  });

  it('bundles every dependency, the AWS SDK included: a function imports nothing at run time but Node itself', async () => {
    const builtin = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const zips = readdirSync('.serverless').filter((f) => f.endsWith('.zip'));
    expect(zips.length).toBeGreaterThanOrEqual(11);
    for (const zip of zips) {
      const files = zipEntries(readFileSync(`.serverless/${zip}`));
      const handler = files.get(`functions/${zip.replace('.zip', '')}/handler.cjs`);
      expect(handler, `${zip} holds its handler`).toBeDefined();
      const imports = await externalImports(handler ?? Buffer.alloc(0));
      // The SDK taken from the Lambda runtime is not the version package-lock.json pins and the tests ran.
      expect(imports.filter((i) => /^@(aws-sdk|smithy)\//.test(i)), zip).toEqual([]);
      expect(imports.filter((i) => !builtin.has(i)), zip).toEqual([]);
      expect(imports, `${zip} does use Node's modules`).toContain('node:https');
    }
  });

  it('refuses to package a stage without an alert route, naming the parameters that would give it one', () => {
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain('Stage ci has no alert route: its alarms and escalations would reach nobody.');
    for (const param of ['alertEmail=', 'alertHttpsEndpoint=', 'pagerApiDestinationArn=', 'alertsOptOut=true']) expect(refused.output).toContain(`--param ${param}`);
  });

  it('refuses alert parameters that could not reach anyone', () => {
    expect(badValues.status).not.toBe(0);
    expect(badValues.output).toContain("alertEmail 'oncall' is not an e-mail address");
    expect(badValues.output).toContain("alertHttpsEndpoint 'http://hooks.example.com/x' is not an https:// URL");
  });

  it('packages a stage that opts out explicitly, warning that its alarms reach nobody, with no subscription', () => {
    expect(optedOut.status, optedOut.output).toBe(0);
    expect(optedOut.output).toContain('Stage ci opted out of alerts (alertsOptOut=true)');
    expect(optedOut.template?.Conditions.HasAlertEmail).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
    expect(optedOut.template?.Conditions.HasAlertHttpsEndpoint).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
  });

  it('subscribes the alert e-mail to the alerts topic', () => {
    expect(resources.AlertsEmailSubscription).toEqual({
      Type: 'AWS::SNS::Subscription',
      Condition: 'HasAlertEmail',
      Properties: { TopicArn: { Ref: 'AlertsTopic' }, Protocol: 'email', Endpoint: ALERT_EMAIL },
    });
    expect(conditions.HasAlertEmail).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [ALERT_EMAIL, ''] }] });
    expect(resources.AlertsHttpsSubscription?.Condition).toBe('HasAlertHttpsEndpoint');
    expect(conditions.HasAlertHttpsEndpoint).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
  });

  it('lets only CloudWatch alarms of this account publish to the alarm intake topic, and only over TLS', () => {
    const policies = ofType('AWS::SNS::TopicPolicy').filter(([, p]) => JSON.stringify(p.Properties.Topics) === '[{"Ref":"AlarmIntakeTopic"}]');
    expect(policies).toHaveLength(1);
    const statements = statementsOf(policies[0]?.[1]);
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([expect.objectContaining({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    })]);
    expect(statements).toContainEqual(expect.objectContaining({
      Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Condition: { StringNotEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    }));
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  it('lets CloudWatch alarms of this account (and the break-glass rule) publish to the alerts topic, only over TLS', () => {
    const [[, policy] = []] = ofType('AWS::SNS::TopicPolicy').filter(([, p]) => JSON.stringify(p.Properties.Topics) === '[{"Ref":"AlertsTopic"}]');
    const statements = statementsOf(policy);
    expect(statements).toContainEqual(expect.objectContaining({
      Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    }));
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    // The only other publisher: the break-glass rule (BreakGlassUsed, wide freezes, incident releases), by its ARN.
    const others = statements.filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Principal) !== '{"Service":"cloudwatch.amazonaws.com"}');
    expect(others).toEqual([expect.objectContaining({
      Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish',
      Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['BreakGlassToAlertsRule', 'Arn'] } } },
    })]);
  });

  it('denies non-TLS access to every queue, dead-letter queues included, keeping the EventBridge allow', () => {
    const policies = ofType('AWS::SQS::QueuePolicy');
    for (const [id] of ofType('AWS::SQS::Queue')) {
      // A queue takes one policy: a second one would replace the first.
      const own = policies.filter(([, p]) => JSON.stringify(p.Properties.Queues).includes(`{"Ref":"${id}"}`));
      expect(own.map(([name]) => name), `${id} has one queue policy`).toHaveLength(1);
      const tlsDeny = statementsOf(own[0]?.[1]).find((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}');
      expect(tlsDeny, `${id} denies non-TLS access`).toMatchObject({ Principal: '*', Action: 'sqs:*' });
      expect([tlsDeny?.Resource].flat(), id).toContainEqual({ 'Fn::GetAtt': [id, 'Arn'] });
    }
    expect(statementsOf(resources.EventsDeadLetterQueuePolicy)).toContainEqual(expect.objectContaining({
      Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage',
    }));
  });

  it('grants dynamodb:ConditionCheckItem only to the remediation worker, the one function that checks a condition in a transaction', () => {
    // TaskStore.save checks the run's lease (a ConditionCheck in TransactWriteItems); only the worker's runs save
    // with a lease.
    const granted = ofType('AWS::IAM::Role')
      .filter(([, role]) => JSON.stringify(role.Properties.Policies).includes('dynamodb:ConditionCheckItem'))
      .map(([id]) => id);
    expect(granted).toEqual(['RemediationWorkerIamRoleLambdaExecution']);
  });

  it('pins every KMS grant to a key and to its use through a service, never key/*', () => {
    const kmsStatements = [...ofType('AWS::IAM::Role'), ...ofType('AWS::IAM::Policy')].flatMap(([id, r]) => {
      const documents = r.Type === 'AWS::IAM::Policy' ? [r.Properties.PolicyDocument] : ((r.Properties.Policies ?? []) as { PolicyDocument: unknown }[]).map((p) => p.PolicyDocument);
      return (documents as { Statement: Statement[] }[]).flatMap((d) => d.Statement).filter((s) => [s.Action].flat().some((a) => a.startsWith('kms:'))).map((s) => [id, s] as const);
    });
    expect(kmsStatements.map(([id]) => id)).toEqual(['RemediationWorkerSigningKeyDecrypt']);
    expect(JSON.stringify(resources)).not.toMatch(/:key\/\*/);
    const decrypt = optedOut.template?.Resources.RemediationWorkerSigningKeyDecrypt;
    expect(decrypt?.Condition).toBe('HasSigningKeyCmk');
    expect(decrypt?.Properties.Roles).toEqual([{ Ref: 'RemediationWorkerIamRoleLambdaExecution' }]);
    expect(optedOut.template?.Conditions.HasSigningKeyCmk).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [SIGNING_CMK, ''] }] });
    const [statement] = statementsOf(decrypt);
    expect(statement).toMatchObject({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: SIGNING_CMK });
    expect(Object.keys(statement?.Condition?.StringEquals ?? {})).toEqual(['kms:ViaService', 'kms:EncryptionContext:PARAMETER_ARN']);
    expect(JSON.stringify(statement?.Condition)).toContain('parameter/fleetwarden/control-plane/signing-key');
  });

  it('lets CloudWatch use the alerts key only for this account and Fleetwarden\'s two topics, and EventBridge only for the alerts topic', () => {
    const policy = resources.AlertsKey?.Properties.KeyPolicy as { Statement: Statement[] };
    const cloudwatch = policy.Statement.find((s) => JSON.stringify(s.Principal) === '{"Service":"cloudwatch.amazonaws.com"}');
    expect(cloudwatch?.Condition?.StringEquals?.['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    const topics = JSON.stringify(cloudwatch?.Condition?.StringEquals?.['kms:EncryptionContext:aws:sns:topicArn']);
    expect(topics).toContain(':fleetwarden-ci-alerts');
    expect(topics).toContain(':fleetwarden-ci-alarm-intake');
    const services = policy.Statement.filter((s) => s.Principal !== undefined && JSON.stringify(s.Principal).includes('Service'));
    expect(services.map((s) => JSON.stringify(s.Principal)).sort()).toEqual(['{"Service":"cloudwatch.amazonaws.com"}', '{"Service":"events.amazonaws.com"}']);
    // EventBridge may use the key for the alerts topic alone (the break-glass rule publishes there).
    const events = services.find((s) => JSON.stringify(s.Principal) === '{"Service":"events.amazonaws.com"}');
    expect(JSON.stringify(events?.Condition?.StringEquals?.['kms:EncryptionContext:aws:sns:topicArn'])).toMatch(/:fleetwarden-ci-alerts"/);
  });

  it('has an on-call dashboard from the functions\' EMF metrics, every one of them, and from the queues\' and functions\' own', () => {
    const [[name, dashboard] = []] = ofType('AWS::CloudWatch::Dashboard');
    expect(name).toBe('Dashboard');
    expect(dashboard?.Properties.DashboardName).toBe('fleetwarden-ci');
    const body = (dashboard?.Properties.DashboardBody as { 'Fn::Sub': string })['Fn::Sub'];
    expect(body.match(/\$\{[^}]*\}/g)?.every((v) => v === '${AWS::Region}')).toBe(true);
    const parsed = JSON.parse(body.replaceAll('${AWS::Region}', 'us-east-1')) as { widgets: { type: string; properties: { title?: string; metrics?: { expression: string }[][] } }[] };
    const expressions = parsed.widgets.flatMap((w) => (w.properties.metrics ?? []).flat().map((m) => m.expression));
    for (const metric of Object.values(METRICS)) expect(expressions.some((e) => e.includes(`{Fleetwarden,service`) && e.includes(`MetricName="${metric}"`)), metric).toBe(true);
    for (const own of ['{AWS/SQS,QueueName} MetricName="ApproximateNumberOfMessagesVisible" fleetwarden-ci-', '{AWS/SQS,QueueName} MetricName="ApproximateAgeOfOldestMessage" fleetwarden-ci-',
      '{AWS/Lambda,FunctionName} MetricName="Errors" fleetwarden-ci-', '{AWS/Lambda,FunctionName} MetricName="Throttles" fleetwarden-ci-']) {
      expect(expressions.some((e) => e.includes(own)), own).toBe(true);
    }
    expect(expressions.every((e) => /^SEARCH\('[^']+', '(Sum|Maximum|Average|p\d+)', \d+\)$/.test(e))).toBe(true);
  });
});
