import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SessionExampleStack } from '../bin/example';
import { DynamoDbSessionStore, SESSION_ACTIONS } from '../lib/dynamodb-session-store';

function storeStack(configure: (store: DynamoDbSessionStore, stack: Stack) => void = () => {}, props = {}) {
  const stack = new Stack(new App(), 'Test', { env: { region: 'eu-west-1', account: '123456789012' } });
  const store = new DynamoDbSessionStore(stack, 'Sessions', props);
  configure(store, stack);
  return Template.fromStack(stack);
}

/** The actions of every policy statement on the sessions table (there must be one). */
function grantedActions(template: Template): string[] {
  const statements = Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement)
    .filter((statement: any) => JSON.stringify(statement.Resource).includes('SessionsTable'));
  expect(statements).toHaveLength(1);
  const actions = statements[0].Action;
  return (Array.isArray(actions) ? actions : [actions]).slice().sort();
}

describe('DynamoDbSessionStore table', () => {
  test('is keyed by id (S), on-demand, TTL on expires, encrypted, PITR, deletion protection, retained', () => {
    const template = storeStack();
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true },
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('follows the handler options hash_key and session_lifetime_attribute, and provisioned capacity', () => {
    const template = storeStack(undefined, {
      hashKey: 'sid',
      expiresAttribute: 'ttl',
      provisioned: { readCapacity: 5, writeCapacity: 3 },
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'sid', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 3 },
      BillingMode: Match.absent(),
    });
  });
});

describe('grantSessionAccess', () => {
  const grant = (options: object) =>
    storeStack((store, stack) => {
      const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
      store.grantSessionAccess(role, options);
    });

  test('the handler alone (locking included): GetItem, UpdateItem, DeleteItem', () => {
    const expected = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'];
    expect(grantedActions(grant({}))).toEqual(expected);
    expect(grantedActions(grant({ locking: true }))).toEqual(expected);
  });

  test('garbage collection adds Scan and BatchWriteItem', () => {
    expect(grantedActions(grant({ garbageCollection: true }))).toEqual([
      'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:UpdateItem',
    ]);
  });

  test('table creation adds CreateTable, DescribeTable, DescribeTimeToLive, UpdateTimeToLive', () => {
    expect(grantedActions(grant({ createTable: true }))).toEqual([
      'dynamodb:CreateTable', 'dynamodb:DeleteItem', 'dynamodb:DescribeTable', 'dynamodb:DescribeTimeToLive',
      'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:UpdateTimeToLive',
    ]);
  });

  test('on this table only, no index or wildcard', () => {
    const template = grant({ garbageCollection: true, createTable: true });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SessionsTable'), 'Arn'] },
          }),
        ],
      },
    });
  });

  test("the README's policies for non-CDK users are these action lists", () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Deploying to AWS'));
    const policies = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
    const actionsOf = (policy: any) => policy.Statement.map((s: any) => s.Action).flat().sort();
    expect(actionsOf(policies[0])).toEqual([...SESSION_ACTIONS.handler].sort());
    expect(actionsOf(policies[1])).toEqual(
      [...SESSION_ACTIONS.handler, ...SESSION_ACTIONS.garbageCollection, ...SESSION_ACTIONS.createTable].sort(),
    );
  });
});

describe('encryption key secret', () => {
  test('is off by default: no secret, no secret environment variable', () => {
    const template = storeStack((store) => expect(store.secrets()).toEqual({}));
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  test('creates a retained secret of one generated 256-bit key in 64 hex digits', () => {
    const template = storeStack(undefined, { encryptionKeySecret: true });
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: {
        GenerateSecretString: {
          PasswordLength: 64,
          ExcludeUppercase: true,
          ExcludePunctuation: true,
          ExcludeCharacters: 'ghijklmnopqrstuvwxyz',
          IncludeSpace: false,
          RequireEachIncludedType: false,
        },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('example stack', () => {
  const app = new App();
  const stack = new SessionExampleStack(app, 'Example', { env: { region: 'ap-southeast-1', account: '123456789012' } });
  const template = Template.fromStack(stack);

  test('passes AWS_REGION and DYNAMODB_SESSION_TABLE_NAME to the container', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RequiresCompatibilities: ['FARGATE'],
      ContainerDefinitions: [
        Match.objectLike({
          Environment: [
            { Name: 'AWS_REGION', Value: 'ap-southeast-1' },
            { Name: 'DYNAMODB_SESSION_TABLE_NAME', Value: { Ref: Match.stringLikeRegexp('^SessionsTable') } },
          ],
        }),
      ],
    });
  });

  test("grants the task role exactly the handler's actions", () => {
    expect(grantedActions(template)).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem']);
  });

  test('passes the encryption keys as a secret environment variable from the secret', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Secrets: [
            {
              Name: 'DYNAMODB_SESSION_ENCRYPTION_KEYS',
              ValueFrom: { Ref: Match.stringLikeRegexp('^SessionsEncryptionKeys') },
            },
          ],
        }),
      ],
    });
  });

  test('only the execution role may read the secret, and only that secret; the task role gets no Secrets Manager access', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as any[];
    const secretStatements = policies.flatMap((policy) =>
      policy.Properties.PolicyDocument.Statement.filter((statement: any) =>
        [statement.Action].flat().some((action: string) => action.startsWith('secretsmanager:')),
      ).map((statement: any) => ({ roles: policy.Properties.Roles, statement })),
    );
    expect(secretStatements).toHaveLength(1);
    const { roles, statement } = secretStatements[0];
    expect(JSON.stringify(roles)).toMatch(/AppExecutionRole/);
    expect(JSON.stringify(roles)).not.toMatch(/AppTaskRole/);
    expect([statement.Action].flat().sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(statement.Resource).toEqual({ Ref: expect.stringMatching(/^SessionsEncryptionKeys/) });
    // The execution role reads nothing else.
    const executionStatements = policies
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes('AppExecutionRole'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    for (const other of executionStatements.filter((s: any) => s !== statement)) {
      expect([other.Action].flat().every((action: string) => action.startsWith('logs:'))).toBe(true);
    }
  });
});
