/**
 * The cellreport stack (DESIGN §1): two buckets, the three stage Lambdas chained by S3
 * notifications, the API Lambda behind an API Gateway REST API with an API key, SES for mail,
 * a queue that keeps every failed invocation, and alarms on errors and on that queue.
 *
 * Environment variables are named only through `lambdaEnvironment` and notification filters
 * come only from `stageTriggers`, both in lib/pipeline, so stack and handlers cannot drift.
 */
import {
  Aws,
  CfnOutput,
  CfnParameter,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { manifestJsonSchema } from '../pipeline/api/openapi.ts';
import { lambdaEnvironment } from '../pipeline/config.ts';
import { type StageName, stageTriggers } from '../pipeline/triggers.ts';
import { acknowledgeFindings, acknowledgePrefixAccess, objectWildcardFinding } from './acknowledgements.ts';
import type { BundleData } from './bundling.ts';
import { StageFunction } from './stage-function.ts';

export interface CellreportStackProps extends StackProps {
  /** Repository root: where `lambdas/`, `templates/` and `node_modules/` are. */
  projectRoot: string;
  /** Written into results as `generatedBy.version`. */
  version: string;
}

/** Days raw uploads are kept before S3 expires them (the reports stay a year). */
const UPLOAD_RETENTION_DAYS = 90;

export class CellreportStack extends Stack {
  readonly buckets: { uploads: s3.Bucket; reports: s3.Bucket; accessLogs: s3.Bucket };
  readonly functions: Record<StageName | 'api', StageFunction>;
  readonly api: apigw.RestApi;
  readonly failedEvents: sqs.Queue;

  constructor(scope: Construct, id: string, props: CellreportStackProps) {
    super(scope, id, props);

    const sender = new CfnParameter(this, 'SenderAddress', {
      type: 'String',
      description: 'Email address reports are sent from; it (or its domain) must be a verified SES identity.',
      allowedPattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
      constraintDescription: 'an email address such as reports@lab.example',
    });

    // Buckets ---------------------------------------------------------------------------------
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // Server access logs can only be delivered to an SSE-S3 bucket.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const uploads = new s3.Bucket(this, 'Uploads', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Raw instrument files are the one thing that cannot be regenerated.
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'uploads/',
      lifecycleRules: [
        {
          prefix: 'uploads/',
          expiration: Duration.days(UPLOAD_RETENTION_DAYS),
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      cors: [
        {
          // Browsers PUT straight to presigned URLs; the signature, not the origin, authorises.
          allowedMethods: [s3.HttpMethods.PUT],
          allowedOrigins: ['*'],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const reports = new s3.Bucket(this, 'Reports', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Everything here is regenerated from the uploads; versions would only add cost.
      versioned: false,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'reports/',
      lifecycleRules: [
        { prefix: 'results/', expiration: Duration.days(30) },
        { prefix: 'reports/', expiration: Duration.days(365) },
        { prefix: 'jobs/', expiration: Duration.days(365) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.buckets = { uploads, reports, accessLogs };

    // Failed invocations and alarms -------------------------------------------------------------
    this.failedEvents = new sqs.Queue(this, 'FailedEvents', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const alarms = new sns.Topic(this, 'Alarms', {
      displayName: 'cellreport alarms',
      enforceSSL: true,
      masterKey: kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });

    // Functions -----------------------------------------------------------------------------------
    const environment = lambdaEnvironment({
      uploadsBucket: uploads.bucketName,
      reportsBucket: reports.bucketName,
      mailFrom: sender.valueAsString,
      mailTransport: 'ses',
      version: props.version,
    });
    // Reserved concurrency (45 in all) bounds each stage's cost and protects the others, but an
    // account whose concurrency quota is still 10 cannot reserve it: `cdk deploy -c
    // cellreport:reserveConcurrency=false` leaves the functions on the unreserved pool.
    const reserveConcurrency = this.node.tryGetContext('cellreport:reserveConcurrency') !== 'false';
    const stage = (
      name: StageName | 'api',
      description: string,
      sizing: { memorySize: number; timeout: Duration; reservedConcurrentExecutions: number },
      bundle: BundleData,
    ) =>
      new StageFunction(this, `${name[0]!.toUpperCase()}${name.slice(1)}Function`, {
        entry: name,
        projectRoot: props.projectRoot,
        description,
        ...sizing,
        reservedConcurrentExecutions: reserveConcurrency ? sizing.reservedConcurrentExecutions : undefined,
        environment,
        bundle,
        failedEvents: name === 'api' ? undefined : this.failedEvents,
      });
    // Sizes from the example job (14 files, 5.4 MB, 12 cells) on a 2-core x64 machine: analyse
    // 2.7 s at 170 MB RSS, render 3.4 s at 350 MB (PDF 255 KB). Analysis grows with the files
    // (canonical columns ≈ 40 B/row, binary formats read whole, up to MAX_FILE_BYTES = 256 MB
    // each), hence 3 GB and 10 min; memory above 1769 MB also buys a full vCPU for vega.
    // Notify and the API move JSON and one PDF.
    this.functions = {
      analyse: stage(
        'analyse',
        'cellreport analyse: job.json to analysis.json',
        { memorySize: 3008, timeout: Duration.minutes(10), reservedConcurrentExecutions: 10 },
        { templates: [], pdf: false },
      ),
      render: stage(
        'render',
        'cellreport render: analysis.json to report.pdf',
        { memorySize: 2048, timeout: Duration.minutes(3), reservedConcurrentExecutions: 10 },
        { templates: ['figures', 'report'], pdf: true },
      ),
      notify: stage(
        'notify',
        'cellreport notify: report or failure to email',
        { memorySize: 512, timeout: Duration.minutes(1), reservedConcurrentExecutions: 5 },
        { templates: ['email'], pdf: false },
      ),
      api: stage(
        'api',
        'cellreport REST API and web form',
        { memorySize: 512, timeout: Duration.seconds(15), reservedConcurrentExecutions: 20 },
        { templates: ['web'], pdf: false },
      ),
    };
    this.grantLeastPrivilege(sender.valueAsString);

    // S3 notifications chain the stages -----------------------------------------------------------
    const bucketOf = { uploads, reports };
    for (const trigger of stageTriggers) {
      bucketOf[trigger.bucket].addEventNotification(
        s3.EventType.OBJECT_CREATED,
        new s3n.LambdaDestination(this.functions[trigger.stage].function),
        { prefix: trigger.prefix, suffix: trigger.suffix },
      );
    }

    // REST API ------------------------------------------------------------------------------------
    this.api = this.restApi();

    // Alarms --------------------------------------------------------------------------------------
    const notifyAlarm = new cloudwatchActions.SnsAction(alarms);
    for (const [name, stageFunction] of Object.entries(this.functions)) {
      stageFunction.function
        .metricErrors({ period: Duration.minutes(5), statistic: 'Sum' })
        .createAlarm(this, `${name}Errors`, {
          alarmDescription: `cellreport ${name}: a function error (the job is marked failed or its event is queued)`,
          threshold: 1,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        })
        .addAlarmAction(notifyAlarm);
    }
    this.failedEvents
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
      .createAlarm(this, 'FailedEventsWaiting', {
        alarmDescription: 'cellreport: an S3 event failed every retry and waits in the failed-events queue',
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      })
      .addAlarmAction(notifyAlarm);
    this.api
      .metricServerError({ period: Duration.minutes(5), statistic: 'Sum' })
      .createAlarm(this, 'ApiServerErrors', {
        alarmDescription: 'cellreport API answered 5xx',
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      })
      .addAlarmAction(notifyAlarm);

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Web form and REST API' });
    new CfnOutput(this, 'UploadsBucketName', { value: uploads.bucketName });
    new CfnOutput(this, 'ReportsBucketName', { value: reports.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: alarms.topicArn,
      description: 'Subscribe to receive alarms',
    });

    acknowledgeFindings(this);
  }

  /**
   * Each function reaches only the prefixes and actions its stage needs. `s3:ListBucket` is
   * granted on the buckets a function reads so a missing object answers 404 rather than 403
   * (S3's rule); it reveals key names, never contents.
   */
  private grantLeastPrivilege(senderAddress: string): void {
    const { uploads, reports } = this.buckets;
    const prefixesOf = new Map<string, { bucket: s3.Bucket; prefix: string }>();
    const objects = (bucket: s3.Bucket, ...prefixes: string[]) =>
      prefixes.map((prefix) => {
        const arn = bucket.arnForObjects(`${prefix}*`);
        prefixesOf.set(arn, { bucket, prefix });
        return arn;
      });
    const allow = (name: StageName | 'api', actions: string[], resources: string[]) => {
      const { role } = this.functions[name];
      role.addToPolicy(new iam.PolicyStatement({ actions, resources }));
      for (const resource of resources) {
        const scoped = prefixesOf.get(resource);
        if (scoped) acknowledgePrefixAccess(role, objectWildcardFinding(this, scoped.bucket, scoped.prefix));
      }
    };

    allow('analyse', ['s3:GetObject'], objects(uploads, 'uploads/'));
    allow('analyse', ['s3:GetObject', 's3:PutObject'], objects(reports, 'jobs/', 'results/'));
    allow('analyse', ['s3:ListBucket'], [uploads.bucketArn, reports.bucketArn]);

    allow('render', ['s3:GetObject'], objects(reports, 'jobs/', 'results/'));
    allow('render', ['s3:PutObject'], objects(reports, 'jobs/', 'reports/'));
    allow('render', ['s3:ListBucket'], [reports.bucketArn]);

    allow('notify', ['s3:GetObject'], objects(reports, 'jobs/', 'reports/'));
    allow('notify', ['s3:PutObject', 's3:DeleteObject'], objects(reports, 'jobs/'));
    allow('notify', ['s3:ListBucket'], [reports.bucketArn]);
    const senderDomain = Fn.select(1, Fn.split('@', senderAddress));
    allow(
      'notify',
      ['ses:SendEmail', 'ses:SendRawEmail'],
      [senderAddress, senderDomain].map(
        (identity) => `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/${identity}`,
      ),
    );

    allow('api', ['s3:PutObject'], objects(uploads, 'uploads/'));
    allow('api', ['s3:GetObject', 's3:PutObject'], objects(reports, 'jobs/'));
    allow('api', ['s3:GetObject'], objects(reports, 'reports/'));
    allow('api', ['s3:ListBucket'], [uploads.bucketArn, reports.bucketArn]);
  }

  private restApi(): apigw.RestApi {
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const api = new apigw.RestApi(this, 'Api', {
      restApiName: 'cellreport',
      description: 'cellreport: jobs, uploads via presigned URLs, reports (DESIGN §3.3), and the web form',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.DESTROY,
      apiKeySourceType: apigw.ApiKeySourceType.HEADER,
      deployOptions: {
        stageName: 'v1',
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        tracingEnabled: true,
        throttlingRateLimit: 20,
        throttlingBurstLimit: 40,
      },
    });
    // API Gateway's own refusals (bad body, missing key, throttling) in the API's error shape.
    const errorTemplate =
      '{"error":"$context.error.responseType","message":$context.error.messageString,"details":"$util.escapeJavaScript($context.error.validationErrorString)"}';
    for (const type of [apigw.ResponseType.DEFAULT_4XX, apigw.ResponseType.DEFAULT_5XX]) {
      api.addGatewayResponse(`Gateway${type.responseType}`, {
        type,
        templates: { 'application/json': errorTemplate },
      });
    }
    const integration = new apigw.LambdaIntegration(this.functions.api.function);
    const bodyValidator = api.addRequestValidator('ValidateBody', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const parameterValidator = api.addRequestValidator('ValidateParameters', {
      validateRequestBody: false,
      validateRequestParameters: true,
    });
    const manifestModel = api.addModel('Manifest', {
      contentType: 'application/json',
      modelName: 'Manifest',
      schema: jsonSchemaForCdk(manifestJsonSchema('draft-4')),
    });
    const withKey = { apiKeyRequired: true };
    const jobParameters = { 'method.request.path.id': true };

    // The form and the API description need no key: they hold no data.
    api.root.addMethod('GET', integration, { requestValidator: parameterValidator });
    api.root
      .addResource('openapi.json')
      .addMethod('GET', integration, { requestValidator: parameterValidator });
    api.root.addResource('{asset}').addMethod('GET', integration, {
      requestValidator: parameterValidator,
      requestParameters: { 'method.request.path.asset': true },
    });
    const jobs = api.root.addResource('jobs');
    jobs.addMethod('POST', integration, {
      ...withKey,
      requestValidator: bodyValidator,
      requestModels: { 'application/json': manifestModel },
    });
    const job = jobs.addResource('{id}');
    job.addMethod('GET', integration, {
      ...withKey,
      requestValidator: parameterValidator,
      requestParameters: jobParameters,
    });
    job.addResource('submit').addMethod('POST', integration, {
      ...withKey,
      requestValidator: parameterValidator,
      requestParameters: jobParameters,
    });
    job.addResource('report').addMethod('GET', integration, {
      ...withKey,
      requestValidator: parameterValidator,
      requestParameters: jobParameters,
    });

    const plan = api.addUsagePlan('UsagePlan', {
      name: 'cellreport',
      throttle: { rateLimit: 5, burstLimit: 10 },
      quota: { limit: 5000, period: apigw.Period.DAY },
    });
    plan.addApiStage({ stage: api.deploymentStage });
    plan.addApiKey(
      api.addApiKey('ApiKey', { description: 'cellreport clients (web form users paste it once)' }),
    );
    return api;
  }
}

/**
 * A JSON schema as CDK's `JsonSchema` wants it: `$schema`, `$ref` and friends without the `$`
 * (CDK puts it back), everything else unchanged.
 */
function jsonSchemaForCdk(schema: Record<string, unknown>): apigw.JsonSchema {
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(convert);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === 'default') continue;
      out[key.startsWith('$') ? key.slice(1) : key] =
        key === 'properties' ? mapValues(child as object, convert) : convert(child);
    }
    return out;
  };
  const mapValues = (object: object, map: (value: unknown) => unknown) =>
    Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)]));
  return convert(schema) as apigw.JsonSchema;
}
