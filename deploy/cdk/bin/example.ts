// An example stack: the sessions table and an ECS Fargate task definition
// running the image built from docker/Dockerfile, with its task role granted
// session access and the table passed through the environment.
// `npm run synth` writes cdk.out/ offline (no AWS account needed).
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { DynamoDbSessionStore } from '../lib/dynamodb-session-store';

export class SessionExampleStack extends Stack {
  public readonly taskDefinition: ecs.FargateTaskDefinition;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    // Encryption keys from a generated secret (docs/SECURITY.md: turn on
    // only once no instance runs the AWS SDK handler).
    const sessions = new DynamoDbSessionStore(this, 'Sessions', { encryptionKeySecret: true });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'App', { cpu: 256, memoryLimitMiB: 512 });
    this.taskDefinition.addContainer('php', {
      // The image of docker/Dockerfile, pushed to a registry of yours.
      image: ecs.ContainerImage.fromRegistry(process.env.APP_IMAGE ?? 'dynamodb-session-example:latest'),
      environment: sessions.environment(),
      secrets: sessions.secrets(),
      portMappings: [{ containerPort: 9000 }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'php' }),
    });
    sessions.grantSessionAccess(this.taskDefinition.taskRole, { locking: true });
  }
}

if (require.main === module) {
  const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
  new SessionExampleStack(app, 'DynamoDbSessionExample', {
    env: { region: process.env.AWS_REGION ?? 'ap-southeast-1' },
  });
  app.synth();
}
