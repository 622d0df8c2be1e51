import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { envNames } from '../../lib/pipeline/config.ts';
import { stageTriggers } from '../../lib/pipeline/triggers.ts';
import { logicalIdOf, permissionsOf, synthesizedStack, describe as text } from './template.ts';

let built: ReturnType<typeof synthesizedStack>;
let names: Record<string, string>;
const functionNames = ['Analyse', 'Render', 'Notify', 'Api'] as const;

interface NotificationEntry {
  Events: string[];
  LambdaFunctionArn: { 'Fn::GetAtt': [string, string] };
  Filter: { Key: { FilterRules: { Name: string; Value: string }[] } };
}

beforeAll(() => {
  built = synthesizedStack();
  const { template } = built;
  names = {
    [logicalIdOf(template, 'AWS::S3::Bucket', '/Uploads/')]: 'Uploads',
    [logicalIdOf(template, 'AWS::S3::Bucket', '/Reports/')]: 'Reports',
    [logicalIdOf(template, 'AWS::S3::Bucket', '/AccessLogs/')]: 'AccessLogs',
    [logicalIdOf(template, 'AWS::Logs::LogGroup', 'AnalyseFunction/Logs')]: 'AnalyseLogs',
    [logicalIdOf(template, 'AWS::Logs::LogGroup', 'RenderFunction/Logs')]: 'RenderLogs',
    [logicalIdOf(template, 'AWS::Logs::LogGroup', 'NotifyFunction/Logs')]: 'NotifyLogs',
    [logicalIdOf(template, 'AWS::Logs::LogGroup', 'ApiFunction/Logs')]: 'ApiLogs',
    SenderAddress: 'SenderAddress',
  };
}, 60_000);

const role = (name: string) => logicalIdOf(built.template, 'AWS::IAM::Role', `${name}Function/Role/`);
const lambdaFunction = (name: string) =>
  logicalIdOf(built.template, 'AWS::Lambda::Function', `${name}Function/Function/`);

describe('the CDK stack', () => {
  it("passes cdk-nag's AwsSolutions pack, with every accepted finding carrying a reason", () => {
    // Act
    const report = new AwsSolutionsChecks().validateScope(built.stack);
    // Assess
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('every bucket blocks public access, encrypts, refuses plain HTTP, and the data buckets log access', () => {
    const { template } = built;
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(3);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(
        bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
      ).toEqual({
        SSEAlgorithm: 'AES256',
      });
    }
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(3);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
    for (const name of ['Uploads', 'Reports']) {
      template.hasResource('AWS::S3::Bucket', {
        Metadata: { 'aws:cdk:path': `Cellreport/${name}/Resource` },
        Properties: { LoggingConfiguration: Match.objectLike({ LogFilePrefix: `${name.toLowerCase()}/` }) },
      });
    }
  });

  it('raw uploads are versioned, expire by lifecycle, and accept browser PUTs through CORS', () => {
    built.template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Prefix: 'uploads/',
            ExpirationInDays: 90,
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          }),
        ],
      },
      CorsConfiguration: {
        CorsRules: [Match.objectLike({ AllowedMethods: ['PUT'], ExposedHeaders: ['ETag'] })],
      },
    });
  });

  it('S3 notifications chain the stages with exactly the prefix/suffix filters of the trigger table', () => {
    // Prepare
    const functionOf: Record<string, string> = {
      [lambdaFunction('Analyse')]: 'analyse',
      [lambdaFunction('Render')]: 'render',
      [lambdaFunction('Notify')]: 'notify',
    };
    const bucketRole: Record<string, string> = { Uploads: 'uploads', Reports: 'reports' };
    // Act
    const configured = Object.values(built.template.findResources('Custom::S3BucketNotifications')).flatMap(
      (resource) =>
        (
          resource.Properties.NotificationConfiguration.LambdaFunctionConfigurations as NotificationEntry[]
        ).map((entry) => {
          const rules = Object.fromEntries(
            entry.Filter.Key.FilterRules.map((rule) => [rule.Name.toLowerCase(), rule.Value]),
          );
          return {
            stage: functionOf[entry.LambdaFunctionArn['Fn::GetAtt'][0]],
            bucket: bucketRole[text(resource.Properties.BucketName, names).replace(/[<>]/g, '')],
            prefix: rules.prefix,
            suffix: rules.suffix,
            events: entry.Events,
          };
        }),
    );
    // Assess
    expect(configured).toHaveLength(stageTriggers.length);
    expect(configured.map(({ events: _events, ...rest }) => rest)).toEqual(
      expect.arrayContaining([...stageTriggers]),
    );
    for (const entry of configured) expect(entry.events).toEqual(['s3:ObjectCreated:*']);
  });

  it('each function reaches only its own prefixes and actions', () => {
    const logs = (name: string) => [`logs:CreateLogStream <${name}Logs>`, `logs:PutLogEvents <${name}Logs>`];
    const xray = ['xray:PutTelemetryRecords *', 'xray:PutTraceSegments *'];
    const expected: Record<(typeof functionNames)[number], string[]> = {
      Analyse: [
        's3:GetObject <Reports>/jobs/*',
        's3:GetObject <Reports>/results/*',
        's3:GetObject <Uploads>/uploads/*',
        's3:ListBucket <Reports>',
        's3:ListBucket <Uploads>',
        's3:PutObject <Reports>/jobs/*',
        's3:PutObject <Reports>/results/*',
        'sqs:SendMessage <FailedEvents>',
      ],
      Render: [
        's3:GetObject <Reports>/jobs/*',
        's3:GetObject <Reports>/results/*',
        's3:ListBucket <Reports>',
        's3:PutObject <Reports>/jobs/*',
        's3:PutObject <Reports>/reports/*',
        'sqs:SendMessage <FailedEvents>',
      ],
      Notify: [
        's3:DeleteObject <Reports>/jobs/*',
        's3:GetObject <Reports>/jobs/*',
        's3:GetObject <Reports>/reports/*',
        's3:ListBucket <Reports>',
        's3:PutObject <Reports>/jobs/*',
        'ses:SendEmail arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/<SenderAddress>',
        'ses:SendEmail arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/{"Fn::Select":[1,{"Fn::Split":["@",{"Ref":"SenderAddress"}]}]}',
        'ses:SendRawEmail arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/<SenderAddress>',
        'ses:SendRawEmail arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/{"Fn::Select":[1,{"Fn::Split":["@",{"Ref":"SenderAddress"}]}]}',
        'sqs:SendMessage <FailedEvents>',
      ],
      Api: [
        's3:GetObject <Reports>/jobs/*',
        's3:GetObject <Reports>/reports/*',
        's3:ListBucket <Reports>',
        's3:ListBucket <Uploads>',
        's3:PutObject <Reports>/jobs/*',
        's3:PutObject <Uploads>/uploads/*',
      ],
    };
    names[logicalIdOf(built.template, 'AWS::SQS::Queue', 'FailedEvents')] = 'FailedEvents';
    for (const name of functionNames) {
      const granted = permissionsOf(built.template, role(name), names).filter(
        (pair) => !pair.includes('GetQueueAttributes') && !pair.includes('GetQueueUrl'),
      );
      expect(granted, name).toEqual([...expected[name], ...logs(name), ...xray].sort());
    }
  });

  it('functions run Node 22 on arm64 with reserved concurrency, JSON logs and the settings named by the config module', () => {
    const settings = [
      envNames.uploadsBucket,
      envNames.reportsBucket,
      envNames.mailFrom,
      envNames.mailTransport,
      envNames.version,
    ];
    for (const name of functionNames) {
      const resource = built.template.findResources('AWS::Lambda::Function')[lambdaFunction(name)]!;
      expect(resource.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'app/lambda/index.handler',
        LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO' },
        TracingConfig: { Mode: 'Active' },
      });
      expect(resource.Properties.ReservedConcurrentExecutions).toBeGreaterThan(0);
      expect(Object.keys(resource.Properties.Environment.Variables)).toEqual(
        expect.arrayContaining(settings),
      );
    }
  });

  it('leaves reserved concurrency out for an account with a low quota when the context says so', () => {
    const { template } = synthesizedStack({ 'cellreport:reserveConcurrency': 'false' });
    for (const resource of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(resource.Properties.ReservedConcurrentExecutions).toBeUndefined();
    }
  });

  it('a stage invocation that fails every retry lands in the failed-events queue, which has an alarm', () => {
    const configs = Object.values(built.template.findResources('AWS::Lambda::EventInvokeConfig'));
    expect(configs).toHaveLength(3);
    for (const config of configs) {
      expect(config.Properties.MaximumRetryAttempts).toBe(2);
      expect(text(config.Properties.DestinationConfig.OnFailure.Destination, names)).toBe('<FailedEvents>');
    }
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
    expect(
      Object.values(built.template.findResources('AWS::CloudWatch::Alarm')).filter(
        (alarm) => alarm.Properties.MetricName === 'Errors',
      ),
    ).toHaveLength(4);
  });

  it('the REST API requires the key on /jobs, validates the manifest body, and throttles through a usage plan', () => {
    const { template } = built;
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method'));
    const keyed = methods.filter((method) => method.Properties.ApiKeyRequired === true);
    expect(keyed).toHaveLength(4);
    expect(methods.filter((method) => method.Properties.ApiKeyRequired !== true)).toHaveLength(3);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      ApiKeyRequired: true,
      RequestModels: { 'application/json': Match.anyValue() },
      RequestValidatorId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      Schema: Match.objectLike({
        $schema: 'http://json-schema.org/draft-04/schema#',
        required: ['version', 'title', 'baseline', 'cells'],
        additionalProperties: false,
      }),
    });
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 5, BurstLimit: 10 },
      ApiStages: [Match.objectLike({ Stage: Match.anyValue() })],
    });
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'DEFAULT_4XX',
      ResponseTemplates: {
        'application/json': Match.stringLikeRegexp('"error":"\\$context.error.responseType"'),
      },
    });
  });
});
